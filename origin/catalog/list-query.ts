/** Pure helpers for catalog list queries: opaque cursors and full-text search terms. */
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

/**
 * Turns a shopper's search text into a PostgreSQL `to_tsquery` expression matching every word
 * as a prefix (`blue shi` → `blue:* & shi:*`). Only letters and digits survive, so the result
 * cannot carry tsquery syntax. Returns null when nothing searchable remains.
 */
export function searchTerms(q: string): string | null {
  const words = q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const kept = words.slice(0, 8).map((w) => `${w.slice(0, 40)}:*`);
  return kept.length > 0 ? kept.join(' & ') : null;
}
