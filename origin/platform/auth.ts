/**
 * Shared secret checks and the edge's signed internal calls. Staff, API keys and the root
 * ADMIN_TOKEN on `/admin` are handled by origin/members/authorize.ts.
 */
import { createMiddleware } from 'hono/factory';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyInternalRequest } from '../../contract/signing';
import type { CachePort } from './cache/cache-port';
import { errorBody } from './errors';
import type { Logger } from './logger';
import { acceptedOnce, firstSighting } from './replay-guard';

const encoder = new TextEncoder();

async function digest(value: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(value)));
}

/** Compares two secrets in time independent of where they differ (hashes first, so lengths leak nothing). */
export async function secretsEqual(a: string, b: string): Promise<boolean> {
  const [x, y] = await Promise.all([digest(a), digest(b)]);
  let diff = 0;
  for (let i = 0; i < x.length; i++) diff |= (x[i] as number) ^ (y[i] as number);
  return diff === 0;
}

/**
 * Requests from the edge, signed with the shared `INTERNAL_SECRET` (see internal-auth.ts), and
 * a request that changes something (POST, PUT, PATCH, DELETE) accepted once (replay-guard.ts):
 * a second sighting of its signature is refused like a bad signature, 401 `unauthorized`.
 * When the cache cannot answer, the request is let through and the outage logged as an error:
 * the signature still holds, and the shop keeps taking orders (as the edge's rate limits do).
 */
export function requireEdgeSignature(secret: string, seen: { cache: CachePort; log: Logger }) {
  return createMiddleware<{ Variables: { requestId: string } }>(async (c, next) => {
    const url = new URL(c.req.url);
    // Read through c.req: Hono caches the body, so the validator after this does not read it again.
    const body = c.req.method === 'GET' || c.req.method === 'HEAD' ? '' : await c.req.text();
    const valid = await verifyInternalRequest(secret, c.req.method, url.pathname + url.search, body, c.req.raw.headers);
    if (!valid) return c.json(errorBody('unauthorized', 'Missing, stale or invalid internal signature'), 401);
    if (acceptedOnce(c.req.method)) {
      const signature = c.req.header(SIGNATURE_HEADER) as string;
      const timestamp = Number(c.req.header(TIMESTAMP_HEADER));
      const first = await firstSighting(seen.cache, signature, timestamp).catch((err: unknown) => {
        seen.log.error('replay guard unavailable; signed request let through', {
          requestId: c.get('requestId'),
          path: url.pathname,
          reason: err instanceof Error ? err.message : String(err),
        });
        return true;
      });
      if (!first) return c.json(errorBody('unauthorized', 'This signed request was received before (replay)'), 401);
    }
    await next();
  });
}
