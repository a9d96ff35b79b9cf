import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { readConfig } from '../lib/config';
import type { AppEnv } from '../lib/context';

/** What a storefront on another origin sends: JSON bodies, checkout keys, bearer tokens, traces. */
const ALLOW_HEADERS = ['Content-Type', 'Authorization', 'Idempotency-Key', 'X-Request-Id', 'If-None-Match'];
/** What its scripts may read: throttling, tracing, the new order's location and cache validators. */
const EXPOSE_HEADERS = ['Retry-After', 'X-Request-Id', 'Location', 'ETag', 'X-Catalog-Stale'];
const ALLOW_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];
/** Browsers cap this (Chromium at 2 h); 10 minutes keeps a changed origin list effective soon. */
const PREFLIGHT_MAX_AGE_SECONDS = 600;

const perEnv = new WeakMap<Env, MiddlewareHandler<AppEnv> | null>();

/** Hono's CORS middleware for the configured origins, or null when none are (same-origin only). */
function corsFor(env: Env): MiddlewareHandler<AppEnv> | null {
  let handler = perEnv.get(env);
  if (handler !== undefined) return handler;
  const allowed = new Set(readConfig(env).corsAllowedOrigins);
  handler =
    allowed.size === 0
      ? null
      : cors({
          // Echo only an exact listed origin: credentials (the cart cookie) rule out `*`.
          origin: (origin) => (allowed.has(origin) ? origin : null),
          credentials: true,
          allowHeaders: ALLOW_HEADERS,
          exposeHeaders: EXPOSE_HEADERS,
          allowMethods: ALLOW_METHODS,
          maxAge: PREFLIGHT_MAX_AGE_SECONDS,
        });
  perEnv.set(env, handler);
  return handler;
}

/**
 * CORS for `/api/*` from `CORS_ALLOWED_ORIGINS`. Empty (the default) adds no CORS headers at
 * all, so browsers keep the API same-origin. Preflights are answered here, before any rate
 * limit or route, and a 429 still carries the headers a listed origin needs to read it.
 */
export const apiCors: MiddlewareHandler<AppEnv> = async (c, next) => {
  const handler = corsFor(c.env);
  return handler ? handler(c, next) : next();
};
