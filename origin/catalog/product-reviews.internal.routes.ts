/** The reviews of a product, by the slug shoppers know it by (signed; the edge calls it). */
import { createRoute, z } from '@hono/zod-openapi';
import type { OriginContext } from '../platform/context';
import { decodeCursor } from '../platform/cursor';
import { unwrap } from '../platform/errors';
import { jsonResponse, router } from '../platform/openapi';
import { err, ok } from '../platform/result';
import { serviceClient } from '../platform/rpc';
import { ProductReviewsPageSchema, ReviewPageQuery, ratingService } from '../rating';
import { catalogReads, getProductSnapshot } from './read-model';

const tags = ['Internal (edge only)'];
const security = [{ edgeSignature: [] }];

/**
 * `GET /internal/catalog/products/{slug}/reviews` (mounted under /internal/catalog): the
 * catalog resolves the slug to its active product, the rating context serves the page.
 */
export function productReviewInternalRoutes(ctx: OriginContext) {
  return router().openapi(
    createRoute({
      method: 'get',
      path: '/products/{slug}/reviews',
      tags,
      security,
      summary: 'Published reviews of an active product, a page at a time, with its rating breakdown',
      request: { params: z.object({ slug: z.string().min(1).max(200) }), query: ReviewPageQuery },
      responses: { 200: jsonResponse(ProductReviewsPageSchema, 'ProductReviewsPage') },
    }),
    async (c) => {
      const { slug } = c.req.valid('param');
      const { cursor, sort, limit } = c.req.valid('query');
      const afterId = cursor ? decodeCursor(cursor, 'rev') : undefined;
      if (afterId === null) unwrap(err('invalid_cursor', 'The cursor is malformed'));
      const product = await getProductSnapshot(catalogReads(ctx), slug);
      unwrap(product ? ok(product) : err('product_not_found', `No product with slug ${slug}`));
      const productId = (product as NonNullable<typeof product>).id;
      const page = await serviceClient(ctx, ratingService).reviewPage({
        productId,
        sort,
        limit,
        afterId: afterId ?? undefined,
      });
      return c.json(page, 200);
    },
  );
}
