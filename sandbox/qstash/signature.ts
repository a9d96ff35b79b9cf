/**
 * `Upstash-Signature` as QStash makes it, written from QStash's documentation rather than with
 * the SDK's own JWT library, so that verifying it with `Receiver` proves the two agree.
 */

const encoder = new TextEncoder();

function base64url(bytes: Uint8Array | string, padded = false): string {
  const raw = typeof bytes === 'string' ? encoder.encode(bytes) : bytes;
  const text = btoa(String.fromCharCode(...raw))
    .replaceAll('+', '-')
    .replaceAll('/', '_');
  return padded ? text : text.replace(/=+$/, '');
}

/** base64url of the SHA-256 of `body`, padded as in QStash's own tokens (`…vY4=`). */
export async function bodyHash(body: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(body)));
  return base64url(digest, true);
}

export interface SignOptions {
  /** Wall-clock milliseconds the token is issued at (default now). */
  now?: number;
  /** Lifetime; QStash's tokens live five minutes. */
  ttlSeconds?: number;
}

/**
 * A JWT (HS256) with `iss: 'Upstash'`, `sub` = the URL QStash calls, `iat` = `nbf` = now,
 * `exp` = now + 5 min, a random `jti` (`jwt_…`) and `body` = the hash of the raw body.
 */
export async function signLikeQStash(key: string, url: string, body: string, options: SignOptions = {}) {
  const now = Math.floor((options.now ?? Date.now()) / 1000);
  const claims = {
    iss: 'Upstash',
    sub: url,
    exp: now + (options.ttlSeconds ?? 300),
    nbf: now,
    iat: now,
    jti: `jwt_${crypto.randomUUID().replaceAll('-', '')}`,
    body: await bodyHash(body),
  };
  const unsigned = `${base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${base64url(JSON.stringify(claims))}`;
  const hmac = await crypto.subtle.importKey('raw', encoder.encode(key), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', hmac, encoder.encode(unsigned)));
  return `${unsigned}.${base64url(mac)}`;
}
