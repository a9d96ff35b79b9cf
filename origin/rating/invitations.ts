/**
 * Reviews open when an order is delivered: the `order.delivered` consumer records which
 * products the order may review. Only these rows make a review possible, so every review is a
 * verified purchase, and a duplicate delivery of the event inserts nothing new.
 */
import { asc, eq } from 'drizzle-orm';
import type { Order } from '../../contract/orders';
import { reviewInvitations } from '../../db/schema/rating';
import { ordersService } from '../orders';
import type { OriginContext } from '../platform/context';
import type { Writer } from '../platform/outbox/outbox';
import { serviceClient } from '../platform/rpc';
import { defaultAuthorName, productTitleOf } from './rules';

export type Invitation = typeof reviewInvitations.$inferSelect;

/** The delivered order, from the orders service (its lines never change once placed). */
export function orderToReview(ctx: OriginContext, orderId: string): Promise<Order | null> {
  return serviceClient(ctx, ordersService).get({ orderId });
}

/** Records what the delivered `order` may review (one row per product it contains). */
export async function openReviews(tx: Writer, order: Order | null, deliveredAt: Date): Promise<void> {
  const orderId = order?.id ?? '';
  if (!order) return;
  const authorName = defaultAuthorName(order.shippingAddress.name);
  const byProduct = new Map<string, string>();
  for (const line of order.lines) {
    if (!byProduct.has(line.productId)) byProduct.set(line.productId, productTitleOf(line.title));
  }
  if (byProduct.size === 0) return;
  await tx
    .insert(reviewInvitations)
    .values(
      [...byProduct].map(([productId, productTitle]) => ({
        orderId,
        productId,
        productTitle,
        authorName,
        deliveredAt,
      })),
    )
    .onConflictDoNothing();
}

/** What `orderId` may review, in a stable order; empty until the order is delivered. */
export function invitationsOf(db: Writer, orderId: string): Promise<Invitation[]> {
  return db
    .select()
    .from(reviewInvitations)
    .where(eq(reviewInvitations.orderId, orderId))
    .orderBy(asc(reviewInvitations.productTitle), asc(reviewInvitations.productId));
}
