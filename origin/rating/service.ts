/**
 * What other subsystems ask the rating context (platform/rpc.ts): the rating of products (the
 * catalog puts it in snapshots and lists) and a page of a product's published reviews.
 */
import { z } from 'zod';
import { ProductReviewsPageSchema, REVIEW_SORTS } from '../../contract/rating';
import { encodeCursor } from '../platform/cursor';
import { defineService, method } from '../platform/rpc';
import { publishedReviews } from './reviews';
import { ratingBreakdownOf, ratingSummaries } from './summaries';

export const ratingService = defineService('rating', {
  summaries: method({
    input: z.object({ productIds: z.array(z.string().max(64)).max(1000) }),
    output: z.array(z.object({ productId: z.string(), average: z.number(), count: z.number().int() })),
    run: async (ctx, { productIds }) =>
      [...(await ratingSummaries(ctx.reader, productIds))].map(([productId, r]) => ({ productId, ...r })),
  }),
  reviewPage: method({
    input: z.object({
      productId: z.string().max(64),
      sort: z.enum(REVIEW_SORTS),
      limit: z.number().int().min(1).max(50),
      afterId: z.string().max(64).optional(),
    }),
    output: ProductReviewsPageSchema,
    run: async (ctx, { productId, ...q }) => {
      const page = await publishedReviews(ctx.reader, productId, q);
      return {
        items: page.items,
        nextCursor: page.lastId ? encodeCursor(page.lastId) : null,
        summary: await ratingBreakdownOf(ctx.reader, productId),
      };
    },
  }),
});
