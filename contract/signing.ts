/**
 * Service-to-service authentication between the edge and the origin, in both directions (the
 * edge's calls to `/internal/*`, the origin's publishes and agents' messages to the edge): an
 * HMAC-SHA256 keyed by the shared `INTERNAL_SECRET` over
 *
 *   timestamp, nonce, method, path (with query), every authority header, body
 *
 * so a captured request can be pointed at nothing else: not another resource, not another
 * shopper's session, not another order. The authority headers (`SIGNED_HEADERS`) are signed
 * present or absent, so adding one to a captured request breaks the signature as surely as
 * changing one. The nonce makes every signature unique: a receiver can refuse to see one twice
 * (origin/platform/replay-guard.ts) while a legitimate retry, signed anew, goes through.
 * Pure WebCrypto, so the Worker and the origin share this one implementation.
 */

export const SIGNATURE_HEADER = 'x-internal-signature';
export const TIMESTAMP_HEADER = 'x-internal-timestamp';
export const NONCE_HEADER = 'x-internal-nonce';
/** The client address as the edge's limits see it (IPv4, or the IPv6 /64), on the edge's account calls. */
export const CLIENT_IP_HEADER = 'x-client-ip';

/**
 * Headers whose value the receiver acts on: whose order (`x-order-token`), whose session
 * (`x-customer-token`), which client (`x-client-ip`), which trace (`x-request-id`, trusted for
 * logs). A header added to this protocol that carries authority belongs here; a receiver
 * trusts none outside this list.
 */
export const SIGNED_HEADERS = ['x-order-token', 'x-customer-token', CLIENT_IP_HEADER, 'x-request-id'] as const;

/** Requests signed longer ago (or further ahead) than this are refused; also the replay window. */
export const MAX_SKEW_SECONDS = 60;

const NONCE = /^[0-9a-f]{32}$/;
const encoder = new TextEncoder();
const keyCache = new Map<string, Promise<CryptoKey>>();

/** An HMAC-SHA256 key for `secret`, imported once per secret (shared by access-token.ts too). */
export function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keyCache.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
      'verify',
    ]);
    keyCache.set(secret, key);
  }
  return key;
}

interface HeaderReader {
  get(name: string): string | null;
}

/** One line per authority header: `name:value`, or the bare name when it is absent. */
function headerLines(headers: HeaderReader): string[] {
  return SIGNED_HEADERS.map((name) => {
    const value = headers.get(name);
    return value === null ? name : `${name}:${value}`;
  });
}

function canonical(
  timestamp: string,
  nonce: string,
  method: string,
  pathAndQuery: string,
  headers: HeaderReader,
  body: string,
): Uint8Array {
  const lines = [timestamp, nonce, method.toUpperCase(), pathAndQuery, ...headerLines(headers), body];
  return encoder.encode(lines.join('\n'));
}

function toHex(bytes: ArrayBuffer | Uint8Array): string {
  return Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');
}

function fromHex(hex: string): Uint8Array | null {
  if (!/^[0-9a-f]*$/i.test(hex) || hex.length % 2 !== 0) return null;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export interface SignOptions {
  /** Headers to send with the request; the authority ones among them are signed. */
  headers?: Record<string, string>;
  /** Signing time in ms (tests, and the bench's pre-signed reads). */
  now?: number;
}

/**
 * The headers to send with an internal request: `options.headers` plus the timestamp, a fresh
 * nonce and the signature. `pathAndQuery` is e.g. `/internal/catalog/products?limit=20`.
 */
export async function signInternalRequest(
  secret: string,
  method: string,
  pathAndQuery: string,
  body = '',
  options: SignOptions = {},
): Promise<Record<string, string>> {
  const given = options.headers ?? {};
  const timestamp = String(Math.floor((options.now ?? Date.now()) / 1000));
  const nonce = toHex(crypto.getRandomValues(new Uint8Array(16)));
  const data = canonical(timestamp, nonce, method, pathAndQuery, new Headers(given), body);
  const sig = await crypto.subtle.sign('HMAC', await hmacKey(secret), data);
  return { ...given, [TIMESTAMP_HEADER]: timestamp, [NONCE_HEADER]: nonce, [SIGNATURE_HEADER]: toHex(sig) };
}

/**
 * Checks an internal request's signature (over its authority headers too) and freshness, in
 * constant time (WebCrypto verify). Whether it was seen before is the receiver's question.
 */
export async function verifyInternalRequest(
  secret: string,
  method: string,
  pathAndQuery: string,
  body: string,
  headers: HeaderReader,
  now = Date.now(),
): Promise<boolean> {
  const timestamp = headers.get(TIMESTAMP_HEADER);
  const nonce = headers.get(NONCE_HEADER);
  const signature = headers.get(SIGNATURE_HEADER);
  if (!timestamp || !nonce || !signature || !/^\d{1,12}$/.test(timestamp) || !NONCE.test(nonce)) return false;
  if (Math.abs(now / 1000 - Number(timestamp)) > MAX_SKEW_SECONDS) return false;
  const sig = fromHex(signature);
  if (sig?.length !== 32) return false;
  const data = canonical(timestamp, nonce, method, pathAndQuery, headers, body);
  return crypto.subtle.verify('HMAC', await hmacKey(secret), sig, data);
}
