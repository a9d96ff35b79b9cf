/**
 * Opaque cursors for keyset paging: "items after this id" (ids sort by creation time), shared
 * by every list of the origin.
 */
import { decodeBase64UrlText, encodeBase64Url } from '../../contract/base64url';

/** An opaque cursor for "items after this product id" (ids sort by creation time). */
export function encodeCursor(id: string): string {
  return encodeBase64Url(id);
}

/** The id (of the `prefix` kind) inside a cursor, or null when the cursor is malformed. */
export function decodeCursor(cursor: string, prefix = 'prod'): string | null {
  if (!/^[A-Za-z0-9_-]{1,120}$/.test(cursor)) return null;
  const id = decodeBase64UrlText(cursor);
  return id?.startsWith(`${prefix}_`) && /^[a-z]+_[0-9A-Za-z]{1,60}$/.test(id) ? id : null;
}
