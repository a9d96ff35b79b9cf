/**
 * Shopper access tokens: compact JWTs signed with HMAC-SHA256 under a key ring. The origin
 * signs with the ring's first key; the edge and the origin verify with any key of the ring,
 * chosen by the token's `kid`. Rotation: put the new key first and keep the old one listed
 * for one access-token lifetime, then drop it. Pure WebCrypto, so the Worker and the origin
 * share this one implementation (like internal-auth.ts).
 *
 * Why HMAC rather than a key pair: only the edge and the origin verify these tokens, and both
 * already hold the internal secret that lets them act for any shopper, so a public key would
 * not narrow who can mint one. Verification stays one HMAC with no network call.
 */

import type { AccessClaims } from './customers';
import { hmacKey } from './signing';

export interface SigningKey {
  kid: string;
  secret: string;
}

export interface KeyRing {
  /** Signs new tokens. */
  current: SigningKey;
  /** Verifies tokens, `current` included. */
  byKid: ReadonlyMap<string, SigningKey>;
}

export const MIN_KEY_LENGTH = 32;
/**
 * The development key ring (`AUTH_TOKEN_KEYS` unset): the origin and `wrangler dev` both fall
 * back to it locally; production refuses it.
 */
export const DEV_AUTH_TOKEN_KEYS = 'dev-1:development-only-access-token-key-do-not-deploy';
/** Tolerated clock difference between the machine that signed and the one that verifies. */
const CLOCK_SKEW_SECONDS = 30;

const encoder = new TextEncoder();

function base64url(bytes: Uint8Array): string {
  let text = '';
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64url(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  try {
    const raw = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
    return Uint8Array.from(raw, (ch) => ch.charCodeAt(0));
  } catch {
    return null;
  }
}

function json(part: string): unknown {
  const bytes = fromBase64url(part);
  if (!bytes) return null;
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return null;
  }
}

/**
 * Parses `AUTH_TOKEN_KEYS`: `kid:secret[,kid:secret…]`, the first one signing. Key ids are
 * `[A-Za-z0-9_-]{1,32}`; secrets at least 32 characters. Throws with the variable's name.
 */
export function parseKeyRing(raw: string | undefined, name = 'AUTH_TOKEN_KEYS'): KeyRing {
  const entries = (raw ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  if (entries.length === 0) throw new Error(`${name} is empty: expected kid:secret[,kid:secret…]`);
  const byKid = new Map<string, SigningKey>();
  for (const entry of entries) {
    const at = entry.indexOf(':');
    const kid = entry.slice(0, at);
    const secret = entry.slice(at + 1);
    if (at < 1 || !/^[A-Za-z0-9_-]{1,32}$/.test(kid)) throw new Error(`${name}: bad key id in ${JSON.stringify(kid)}`);
    if (secret.length < MIN_KEY_LENGTH)
      throw new Error(`${name}: key ${kid} is shorter than ${MIN_KEY_LENGTH} characters`);
    if (byKid.has(kid)) throw new Error(`${name}: key id ${kid} appears twice`);
    byKid.set(kid, { kid, secret });
  }
  return { current: byKid.values().next().value as SigningKey, byKid };
}

export async function signAccessToken(ring: KeyRing, claims: AccessClaims): Promise<string> {
  const header = base64url(encoder.encode(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: ring.current.kid })));
  const payload = base64url(encoder.encode(JSON.stringify(claims)));
  const signingInput = `${header}.${payload}`;
  const sig = await crypto.subtle.sign('HMAC', await hmacKey(ring.current.secret), encoder.encode(signingInput));
  return `${signingInput}.${base64url(new Uint8Array(sig))}`;
}

/**
 * True when `token` has the shape of an access token: three base64url parts, the first a JSON
 * object (`eyJ` is base64 for `{"`). Order tokens (`ord_….<expiry>.<mac>`) never do.
 */
export function looksLikeAccessToken(token: string): boolean {
  return token.length <= 2048 && /^eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token);
}

/**
 * The token's claims when it is well formed, signed by a key of the ring (by `kid`), of the
 * HS256 algorithm only (no `none`, no algorithm confusion), issued for shoppers by this shop,
 * and not expired (`allowExpired`: only to name the session a logout ends); null otherwise.
 */
export async function verifyAccessToken(
  ring: KeyRing,
  token: string,
  now = Date.now(),
  options: { allowExpired?: boolean } = {},
): Promise<AccessClaims | null> {
  if (!looksLikeAccessToken(token)) return null;
  const [headerPart, payloadPart, sigPart] = token.split('.') as [string, string, string];
  const header = json(headerPart) as { alg?: unknown; kid?: unknown } | null;
  if (header?.alg !== 'HS256' || typeof header.kid !== 'string') return null;
  const key = ring.byKid.get(header.kid);
  const sig = fromBase64url(sigPart);
  if (!key || !sig) return null;
  const valid = await crypto.subtle.verify(
    'HMAC',
    await hmacKey(key.secret),
    sig,
    encoder.encode(`${headerPart}.${payloadPart}`),
  );
  if (!valid) return null;
  const claims = json(payloadPart) as Partial<AccessClaims> | null;
  const seconds = Math.floor(now / 1000);
  if (
    claims?.iss !== 'edgeshop' ||
    claims.aud !== 'shopper' ||
    typeof claims.sub !== 'string' ||
    typeof claims.sid !== 'string' ||
    typeof claims.iat !== 'number' ||
    typeof claims.exp !== 'number' ||
    (claims.exp <= seconds && !options.allowExpired) ||
    claims.iat > seconds + CLOCK_SKEW_SECONDS
  )
    return null;
  return claims as AccessClaims;
}
