import { ApiError } from '../lib/errors';
import { router } from '../lib/openapi';
import { categoriesRoute, listProductsRoute, productRoute } from './catalog.api';
import { catalogReader, l1Keys } from './catalog-cache';
import { normalizeListQuery } from './list-query';
import { sendCached } from './send-cached';
import { SLUG_PATTERN } from './slug';

/** Public, cached catalog reads (catalog.api.ts). */
export const catalogRoutes = router()
  .openapi(listProductsRoute, async (c) => {
    const query = normalizeListQuery(c.req.valid('query'));
    const entry = await catalogReader(c).productList(query);
    return sendCached(c, entry, l1Keys.list(query));
  })
  .openapi(productRoute, async (c) => {
    const { slug } = c.req.valid('param');
    const entry = SLUG_PATTERN.test(slug) ? await catalogReader(c).product(slug) : null;
    if (!entry) throw new ApiError('product_not_found', `No product with slug ${JSON.stringify(slug.slice(0, 200))}`);
    return sendCached(c, entry, l1Keys.product(slug));
  })
  .openapi(categoriesRoute, async (c) => {
    const entry = await catalogReader(c).categories();
    return sendCached(c, entry, l1Keys.categories());
  });
