/**
 * Service-to-service authentication between the edge and the origin: an HMAC-SHA256 over
 * timestamp, method, path (with query) and body, keyed by the shared `INTERNAL_SECRET`.
 * Pure WebCrypto, so the Worker and the origin share this one implementation.
 */

export const SIGNATURE_HEADER = 'x-internal-signature';
export const TIMESTAMP_HEADER = 'x-internal-timestamp';
/** Requests older or newer than this are refused (replay window). */
export const MAX_SKEW_SECONDS = 60;

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

function canonical(timestamp: string, method: string, pathAndQuery: string, body: string): Uint8Array {
  return encoder.encode(`${timestamp}\n${method.toUpperCase()}\n${pathAndQuery}\n${body}`);
}

function toHex(buf: ArrayBuffer): string {
  return Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('');
}

function fromHex(hex: string): Uint8Array | null {
  if (!/^[0-9a-f]*$/i.test(hex) || hex.length % 2 !== 0) return null;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Headers to add to an internal request. `pathAndQuery` is e.g. `/internal/catalog/products?limit=20`. */
export async function signInternalRequest(
  secret: string,
  method: string,
  pathAndQuery: string,
  body = '',
  now = Date.now(),
): Promise<Record<string, string>> {
  const timestamp = String(Math.floor(now / 1000));
  const sig = await crypto.subtle.sign('HMAC', await hmacKey(secret), canonical(timestamp, method, pathAndQuery, body));
  return { [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: toHex(sig) };
}

/** Checks an internal request's signature and freshness in constant time (WebCrypto verify). */
export async function verifyInternalRequest(
  secret: string,
  method: string,
  pathAndQuery: string,
  body: string,
  headers: { get(name: string): string | null },
  now = Date.now(),
): Promise<boolean> {
  const timestamp = headers.get(TIMESTAMP_HEADER);
  const signature = headers.get(SIGNATURE_HEADER);
  if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(now / 1000 - Number(timestamp)) > MAX_SKEW_SECONDS) return false;
  const sig = fromHex(signature);
  if (sig?.length !== 32) return false;
  return crypto.subtle.verify('HMAC', await hmacKey(secret), sig, canonical(timestamp, method, pathAndQuery, body));
}
