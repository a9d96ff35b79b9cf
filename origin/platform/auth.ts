/**
 * Shared secret checks and the edge's signed internal calls. Staff, API keys and the root
 * ADMIN_TOKEN on `/admin` are handled by origin/members/authorize.ts.
 */
import { createMiddleware } from 'hono/factory';
import { errorBody } from './errors';
import { verifyInternalRequest } from './internal-auth';

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

/** Requests from the edge, signed with the shared `INTERNAL_SECRET` (see internal-auth.ts). */
export function requireEdgeSignature(secret: string) {
  return createMiddleware(async (c, next) => {
    const url = new URL(c.req.url);
    // Read through c.req: Hono caches the body, so the validator after this does not read it again.
    const body = c.req.method === 'GET' || c.req.method === 'HEAD' ? '' : await c.req.text();
    const valid = await verifyInternalRequest(secret, c.req.method, url.pathname + url.search, body, c.req.raw.headers);
    if (!valid) return c.json(errorBody('unauthorized', 'Missing, stale or invalid internal signature'), 401);
    await next();
  });
}
