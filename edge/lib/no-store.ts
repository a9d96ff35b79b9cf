import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './context';

/**
 * `Cache-Control: no-store` on every response of the route, errors included: orders and
 * order tokens must never sit in a browser or shared cache.
 */
export const noStore: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  try {
    c.res.headers.set('cache-control', 'no-store');
  } catch {
    // A response passed through from fetch() has immutable headers.
    c.res = new Response(c.res.body, c.res);
    c.res.headers.set('cache-control', 'no-store');
  }
};
