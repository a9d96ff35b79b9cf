import { createMiddleware } from 'hono/factory';
import { REQUEST_ID_HEADER, resolveRequestId } from '../../contract/request-id';

/**
 * Keeps a caller's `x-request-id` (the edge forwards its own, signed) or mints one, by the rule
 * the edge applies too (contract/request-id.ts): an id the edge kept or minted is never
 * replaced here, so edge and origin log lines of one request share it. Echoed on the response.
 */
export const requestId = createMiddleware<{ Variables: { requestId: string } }>(async (c, next) => {
  const id = resolveRequestId(c.req.header(REQUEST_ID_HEADER));
  c.set('requestId', id);
  c.header(REQUEST_ID_HEADER, id);
  await next();
});
