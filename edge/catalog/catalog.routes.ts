import { Hono } from 'hono';
import type { AppContext, AppEnv } from '../lib/context';
import { ApiError } from '../lib/errors';
import { ifNoneMatchHits } from '../lib/etag';
import { validQuery } from '../lib/validate';
import { catalogReader, l1Keys } from './catalog-cache';
import type { CachedJson } from './catalog-l1';
import { listQuerySchema, normalizeListQuery } from './list-query';
import { noteL1Read } from './repeat-reads';
import { SLUG_PATTERN } from './slug';

// Shoppers revalidate every time: the ETag turns that into a cheap 304 served from L1, and
// a merchant's price change is never hidden behind a browser cache. The edge L1 (seconds,
// purged on publish) is what absorbs the load, not the browser.
export const CATALOG_CACHE_CONTROL = 'public, max-age=0, must-revalidate';

/** Answers with an L1 entry (noted, so a repeat of this request can take the hot path). */
function sendCached(c: AppContext, entry: CachedJson, l1Key: string): Response {
  noteL1Read(c.req.raw, l1Key, entry);
  if (ifNoneMatchHits(c.req.header('if-none-match'), entry.etag)) {
    return c.body(null, 304, { etag: entry.etag, 'cache-control': CATALOG_CACHE_CONTROL });
  }
  return c.body(entry.body, 200, {
    'content-type': 'application/json; charset=UTF-8',
    etag: entry.etag,
    'cache-control': CATALOG_CACHE_CONTROL,
  });
}

/** Public, cached catalog reads of API.md. */
export const catalogRoutes = new Hono<AppEnv>()
  .get('/api/products', validQuery(listQuerySchema), async (c) => {
    const query = normalizeListQuery(c.req.valid('query'));
    const entry = await catalogReader(c).productList(query);
    return sendCached(c, entry, l1Keys.list(query));
  })
  .get('/api/products/:slug', async (c) => {
    const slug = c.req.param('slug');
    const entry = SLUG_PATTERN.test(slug) ? await catalogReader(c).product(slug) : null;
    if (!entry) throw new ApiError('product_not_found', `No product with slug ${JSON.stringify(slug.slice(0, 200))}`);
    return sendCached(c, entry, l1Keys.product(slug));
  })
  .get('/api/categories', async (c) => {
    const entry = await catalogReader(c).categories();
    return sendCached(c, entry, l1Keys.categories());
  });
