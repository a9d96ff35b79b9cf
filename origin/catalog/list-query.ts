/** Pure helpers for catalog list queries: full-text search terms. */

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
