/**
 * Bearer secrets of staff: session tokens and API keys. Both are 32 random bytes behind a
 * readable prefix; only their SHA-256 is stored, so a leaked table grants nothing. (A slow
 * hash is not needed: 256 random bits cannot be guessed, unlike a password.)
 */
export const SESSION_PREFIX = 'stfs_';
export const API_KEY_PREFIX = 'sk_live_';

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

export function newSecret(prefix: string): string {
  return prefix + base64url(crypto.getRandomValues(new Uint8Array(32)));
}

export async function sha256Hex(value: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(value)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Compares equal-length byte strings without an early exit (lengths are not secret here). */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}
