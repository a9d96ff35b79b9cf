import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './context';

export const REQUEST_ID_HEADER = 'x-request-id';

// Reusing a caller's id lets one trace span proxy, edge and origin logs; anything that could
// smuggle log syntax or balloon log lines is replaced instead.
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Returns the incoming request id when it is safe to log, else a fresh `req_…` id. */
export function resolveRequestId(incoming: string | undefined | null): string {
  if (incoming && SANE_REQUEST_ID.test(incoming)) return incoming;
  return `req_${crypto.randomUUID().replaceAll('-', '')}`;
}

/** Puts `x-request-id` on every response, including 404s and errors mapped by `onError`. */
export const requestId: MiddlewareHandler<AppEnv> = async (c, next) => {
  const id = resolveRequestId(c.req.header(REQUEST_ID_HEADER));
  c.set('requestId', id);
  await next();
  try {
    c.res.headers.set(REQUEST_ID_HEADER, id);
  } catch {
    // A response passed through from fetch() or a Durable Object has immutable headers.
    c.res = new Response(c.res.body, c.res);
    c.res.headers.set(REQUEST_ID_HEADER, id);
  }
};
