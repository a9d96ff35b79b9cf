/**
 * Verifies webhook signatures of outside parties (payment providers, carriers) in the common
 * scheme `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>` (several `v1`
 * entries allowed, and several secrets, so a secret can be rotated without downtime). A
 * timestamp outside the tolerance is refused: a captured request cannot be replayed later.
 */
import { err, ok, type Result } from '../result';

const encoder = new TextEncoder();

function fromHex(hex: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[0-9a-f]+$/i.test(hex) || hex.length % 2 !== 0) return null;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export function parseSignatureHeader(header: string): { t: number; v1: string[] } | null {
  let t: number | null = null;
  const v1: string[] = [];
  for (const part of header.split(',')) {
    const [k, v] = part.trim().split('=', 2);
    if (k === 't' && v && /^\d{1,12}$/.test(v)) t = Number(v);
    else if (k === 'v1' && v) v1.push(v);
  }
  return t === null || v1.length === 0 ? null : { t, v1 };
}

export type SignatureError = 'invalid_signature' | 'stale_webhook';

export async function verifyWebhookSignature(input: {
  secrets: readonly string[];
  header: string | null | undefined;
  body: string;
  toleranceSeconds: number;
  nowMs?: number;
}): Promise<Result<{ timestamp: number }, SignatureError>> {
  const parsed = input.header ? parseSignatureHeader(input.header) : null;
  if (!parsed) return err('invalid_signature', 'Missing or malformed webhook signature');
  const now = Math.floor((input.nowMs ?? Date.now()) / 1000);
  if (Math.abs(now - parsed.t) > input.toleranceSeconds) {
    return err('stale_webhook', 'The webhook timestamp is outside the accepted window');
  }
  const data = encoder.encode(`${parsed.t}.${input.body}`);
  for (const secret of input.secrets) {
    const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
      'verify',
    ]);
    for (const candidate of parsed.v1) {
      const mac = fromHex(candidate);
      // WebCrypto's verify compares in constant time.
      if (mac && (await crypto.subtle.verify('HMAC', key, mac, data))) return ok({ timestamp: parsed.t });
    }
  }
  return err('invalid_signature', 'The webhook signature does not match');
}
