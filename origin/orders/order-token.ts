/**
 * Order tokens let a guest read one order without an account: `<orderId>.<expiry>.<mac>`,
 * where the MAC is HMAC-SHA256 over the order id and expiry with the origin's
 * `ORDER_TOKEN_SECRET`. A token for one order never opens another.
 */
const encoder = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

function key(secret: string): Promise<CryptoKey> {
  let k = keys.get(secret);
  if (!k) {
    k = crypto.subtle.importKey(
      'raw',
      encoder.encode(`order-token:${secret}`),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign', 'verify'],
    );
    keys.set(secret, k);
  }
  return k;
}

const b64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');

function fromB64url(s: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]+$/.test(s)) return null;
  try {
    return Uint8Array.from(atob(s.replaceAll('-', '+').replaceAll('_', '/')), (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

export async function signOrderToken(secret: string, orderId: string, ttlSeconds: number, now = Date.now()) {
  const expiry = Math.floor(now / 1000) + ttlSeconds;
  const mac = await crypto.subtle.sign('HMAC', await key(secret), encoder.encode(`${orderId}.${expiry}`));
  return `${orderId}.${expiry}.${b64url(new Uint8Array(mac))}`;
}

/** True only for an unexpired token minted for exactly this order. */
export async function verifyOrderToken(secret: string, orderId: string, token: string, now = Date.now()) {
  const parts = token.split('.');
  if (parts.length !== 3) return false;
  const [id, expiry, mac] = parts as [string, string, string];
  if (id !== orderId || !/^\d{1,12}$/.test(expiry) || Number(expiry) * 1000 < now) return false;
  const bytes = fromB64url(mac);
  if (bytes?.length !== 32) return false;
  return crypto.subtle.verify('HMAC', await key(secret), bytes, encoder.encode(`${id}.${expiry}`));
}
