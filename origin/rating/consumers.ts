/**
 * The rating context's consumers: reviews open when an order is delivered, and a product's
 * counts are recomputed (then announced, for the catalog to republish the product) when one of
 * its reviews changes. Both are recomputations from current state, so duplicates and
 * reordering are harmless.
 */

import type { Order } from '../../contract/orders';
import { OrderTopics } from '../orders';
import type { OriginContext } from '../platform/context';
import { enqueue } from '../platform/outbox/outbox';
import { openReviews, orderToReview } from './invitations';
import { recountProductRating } from './summaries';
import { RatingTopics } from './topics';

export function registerRatingConsumers(ctx: OriginContext): void {
  ctx.queue.consume(
    OrderTopics.delivered,
    'rating.open-reviews',
    (event, tx, order?: Order | null) => {
      const at = typeof event.payload.deliveredAt === 'string' ? new Date(event.payload.deliveredAt) : event.createdAt;
      return openReviews(tx, order ?? null, Number.isNaN(at.getTime()) ? event.createdAt : at);
    },
    // The order comes from the orders service, before the consumer's transaction.
    { before: (event) => orderToReview(ctx, event.aggregateId) },
  );
  // The edge's pages of a product's reviews are dropped with the product's republish, so every
  // change is announced, even one that leaves the counts as they were (an answer, an edit).
  ctx.queue.consume(RatingTopics.reviewChanged, 'rating.recount', async (event, tx) => {
    await recountProductRating(tx, event.aggregateId);
    await enqueue(tx, { topic: RatingTopics.summaryChanged, aggregateId: event.aggregateId });
  });
}
