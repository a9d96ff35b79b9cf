/**
 * Who is asking, for rate limits: the client address, and the account behind a verified
 * session (`accountSubject`).
 */
import { type KeyRing, looksLikeAccessToken, verifyAccessToken } from '../../origin/customers/access-token';
import { bearerToken } from '../lib/bearer';

const encoder = new TextEncoder();

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const IPV6 = /^[0-9a-f:.]{2,45}$/i;

/**
 * The client address: `CF-Connecting-IP` (set by Cloudflare, which drops any client-sent one),
 * else the first `X-Forwarded-For` hop (local proxies and tools), else `unknown`. IPv6 clients
 * are limited per /64, the block one subscriber usually holds, so rotating addresses inside it
 * does not buy a fresh bucket each time.
 */
export function clientIp(headers: Headers): string {
  const raw = headers.get('cf-connecting-ip') ?? headers.get('x-forwarded-for')?.split(',')[0] ?? '';
  const ip = raw.trim();
  if (IPV4.test(ip)) return ip;
  if (ip.includes(':') && IPV6.test(ip)) return ipv6Prefix64(ip) ?? 'unknown';
  return 'unknown';
}

/** `2001:db8:1:2:…` → `2001:db8:1:2::/64`, or null when it is not a valid IPv6 address. */
export function ipv6Prefix64(ip: string): string | null {
  const [head = '', tail, extra] = ip.toLowerCase().split('::');
  if (extra !== undefined) return null;
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  // An embedded IPv4 tail (::ffff:1.2.3.4) takes two groups; it only matters past the /64.
  const count = (groups: string[]) => groups.reduce((n, g) => n + (g.includes('.') ? 2 : 1), 0);
  const missing = 8 - count(left) - count(right);
  if (tail === undefined ? missing !== 0 : missing < 1) return null;
  const groups = [...left, ...Array<string>(Math.max(0, tail === undefined ? 0 : missing)).fill('0'), ...right];
  const prefix = groups.slice(0, 4);
  if (prefix.some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return null;
  return `${prefix.map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
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
