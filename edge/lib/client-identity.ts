/**
 * Who is asking, for rate limits: the client address, and the account behind a verified
 * session (`accountSubject`).
 */
import { type KeyRing, looksLikeAccessToken, verifyAccessToken } from '../../contract/access-token';
import { normaliseIp } from '../../contract/ip-address';
import { bearerToken } from './bearer';

export { ipv6Prefix64 } from '../../contract/ip-address';

const encoder = new TextEncoder();

/**
 * The client address: `CF-Connecting-IP` (set by Cloudflare, which drops any client-sent one),
 * else the first `X-Forwarded-For` hop (local proxies and tools), else `unknown`. IPv6 clients
 * are limited per /64 (`normaliseIp`, shared with the origin, which counts the address the edge
 * forwards to it the same way).
 */
export function clientIp(headers: Headers): string {
  const raw = headers.get('cf-connecting-ip') ?? headers.get('x-forwarded-for')?.split(',')[0] ?? '';
  return normaliseIp(raw) ?? 'unknown';
}

/** A short SHA-256 hex digest: subjects name Durable Objects and may reach logs, tokens must not. */
export async function digest(value: string): Promise<string> {
  const bytes = new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(value)));
  let hex = '';
  for (let i = 0; i < 16; i++) hex += (bytes[i] ?? 0).toString(16).padStart(2, '0');
  return hex;
}

/**
 * The per-account subject of a request, or null for an anonymous one: `acct:<customer id>` for
 * a verified session (so one account's many tokens and devices share one bucket), else a hash
 * of any other bearer (an order token).
 */
export async function accountSubject(headers: Headers, keys: KeyRing): Promise<string | null> {
  const token = bearerToken(headers.get('authorization'));
  if (!token) return null;
  if (looksLikeAccessToken(token)) {
    const claims = await verifyAccessToken(keys, token);
    if (claims) return `acct:${claims.sub}`;
  }
  return `tok:${await digest(token)}`;
}
