import type { AppContext } from '../lib/context';
import { ifNoneMatchHits } from '../lib/etag';
import { CATALOG_STALE_HEADER, type CachedJson, catalogStaleSeconds, noteL1Read } from './catalog-l1';

// Shoppers revalidate every time: the ETag turns that into a cheap 304 served from L1, and
// a merchant's price change is never hidden behind a browser cache. The edge L1 (seconds,
// purged on publish) is what absorbs the load, not the browser.
export const CATALOG_CACHE_CONTROL = 'public, max-age=0, must-revalidate';

/** Answers with an L1 entry (noted, so a repeat of this request can take the hot path). */
export function sendCached(c: AppContext, entry: CachedJson, l1Key: string): Response {
  noteL1Read(c.req.raw, l1Key, entry);
  const stale: Record<string, string> =
    entry.builtAt === undefined ? {} : { [CATALOG_STALE_HEADER]: catalogStaleSeconds(entry.builtAt) };
  if (ifNoneMatchHits(c.req.header('if-none-match'), entry.etag)) {
    return c.body(null, 304, { etag: entry.etag, 'cache-control': CATALOG_CACHE_CONTROL, ...stale });
  }
  return c.body(entry.body, 200, {
    'content-type': 'application/json; charset=UTF-8',
    etag: entry.etag,
    'cache-control': CATALOG_CACHE_CONTROL,
    ...stale,
  });
}
