/**
 * How the sandbox services sign their webhooks, the scheme most providers use (Stripe's
 * `Stripe-Signature`, for one): header `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.
 * The receiver recomputes the HMAC, compares in constant time and refuses stale timestamps.
 */
const encoder = new TextEncoder();

function toHex(buf: ArrayBuffer): string {
  return Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The signature header value for `body` sent at `nowMs`. */
export async function signatureHeader(secret: string, body: string, nowMs = Date.now()): Promise<string> {
  const t = Math.floor(nowMs / 1000);
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  const mac = await crypto.subtle.sign('HMAC', key, encoder.encode(`${t}.${body}`));
  return `t=${t},v1=${toHex(mac)}`;
}
