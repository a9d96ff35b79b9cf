import { createMiddleware } from 'hono/factory';

const SANE = /^[A-Za-z0-9._:-]{8,128}$/;

/** Keeps a caller's sane `x-request-id` (the edge forwards its own) or mints one; echoes it back. */
export const requestId = createMiddleware<{ Variables: { requestId: string } }>(async (c, next) => {
  const incoming = c.req.header('x-request-id');
  const id = incoming && SANE.test(incoming) ? incoming : `req_${crypto.randomUUID().replaceAll('-', '')}`;
  c.set('requestId', id);
  c.header('x-request-id', id);
  await next();
});
