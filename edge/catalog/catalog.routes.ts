import { Hono } from 'hono';
import type { AppEnv } from '../lib/context';
import { ApiError } from '../lib/errors';
import { validQuery } from '../lib/validate';
import { catalogReader, l1Keys } from './catalog-cache';
import { listQuerySchema, normalizeListQuery } from './list-query';
import { sendCached } from './send-cached';
import { SLUG_PATTERN } from './slug';

/** Public, cached catalog reads of the shopper API (docs/api.md). */
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
