/** Base64url (RFC 4648 §5, unpadded) for cursors and tokens; WebCrypto-era helpers the Worker shares. */

export function encodeBase64Url(data: Uint8Array | string): string {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/** The bytes of `text`, or null when it is not base64url. */
export function decodeBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  try {
    const raw = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
    return Uint8Array.from(raw, (ch) => ch.charCodeAt(0));
  } catch {
    return null;
  }
}

/** `decodeBase64Url` as UTF-8 text. */
export function decodeBase64UrlText(text: string): string | null {
  const bytes = decodeBase64Url(text);
  return bytes ? new TextDecoder().decode(bytes) : null;
}
