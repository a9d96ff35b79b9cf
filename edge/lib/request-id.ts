import type { MiddlewareHandler } from 'hono';
import { REQUEST_ID_HEADER, resolveRequestId } from '../../contract/request-id';
import type { AppEnv } from './context';

/**
 * Keeps a caller's `x-request-id` or mints one, by the rule the origin applies too
 * (contract/request-id.ts): the id this request is logged under here is the one the origin
 * logs, since every origin call forwards it signed. Puts it on every response, including 404s
 * and errors mapped by `onError`.
 */
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
