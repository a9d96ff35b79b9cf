/**
 * Logistics ratings: how the delivery of an order went (1–5 and a comment), one per delivered
 * order, kept with the carriers that brought it so the merchant can compare carriers.
 */
import { and, avg, count, desc, lt, type SQL, sql } from 'drizzle-orm';
import type { DeliveryRating } from '../../contract/rating';
import type { Database } from '../../db/client';
import { deliveryRatings } from '../../db/schema/rating';
import { logisticsService } from '../logistics';
import type { OriginContext } from '../platform/context';
import { err, ok, type Result } from '../platform/result';
import { serviceClient } from '../platform/rpc';
import { invitationsOf } from './invitations';
import { cleanText } from './rules';

type DeliveryRatingRow = typeof deliveryRatings.$inferSelect;

function toDeliveryRating(row: DeliveryRatingRow): DeliveryRating {
  return {
    rating: row.rating,
    comment: row.comment,
    carriers: row.carriers ? row.carriers.split(',') : [],
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Rates (or rates again) the delivery of `orderId`, once it has been delivered. */
export async function rateDelivery(
  ctx: OriginContext,
  orderId: string,
  input: { rating: number; comment?: string | null },
): Promise<Result<DeliveryRating, 'reviews_not_open'>> {
  // The carriers come from logistics first (another service, maybe): outside the transaction.
  const carriers = (await serviceClient(ctx, logisticsService).carriersOfOrder({ orderId })).join(',');
  return ctx.transaction(async (tx) => {
    if ((await invitationsOf(tx, orderId)).length === 0) {
      return err('reviews_not_open', 'The delivery can be rated once the order has been delivered');
    }
    const values = { rating: input.rating, comment: cleanText(input.comment), carriers, updatedAt: new Date() };
    const [row] = await tx
      .insert(deliveryRatings)
      .values({ orderId, ...values })
      .onConflictDoUpdate({ target: deliveryRatings.orderId, set: values })
      .returning();
    return ok(toDeliveryRating(row as DeliveryRatingRow));
  });
}

/** Delivery ratings, newest first (optionally for one carrier), and the average per carrier. */
export async function deliveryRatingReport(
  db: Database,
  q: { carrier?: string; afterOrderId?: string; limit: number },
) {
  const conditions: SQL[] = [];
  // `carriers` is a sorted comma list: an order brought by several carriers counts for each.
  if (q.carrier) conditions.push(sql`(',' || ${deliveryRatings.carriers} || ',') like ${`%,${q.carrier},%`}`);
  if (q.afterOrderId) conditions.push(lt(deliveryRatings.orderId, q.afterOrderId));
  const rows = await db
    .select()
    .from(deliveryRatings)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(deliveryRatings.orderId))
    .limit(q.limit + 1);
  const byCarrier = await db
    .select({ carriers: deliveryRatings.carriers, count: count(), average: avg(deliveryRatings.rating) })
    .from(deliveryRatings)
    .groupBy(deliveryRatings.carriers)
    .orderBy(deliveryRatings.carriers);
  const items = rows.slice(0, q.limit);
  return {
    items: items.map((r) => ({ orderId: r.orderId, ...toDeliveryRating(r) })),
    lastId: rows.length > q.limit ? (items.at(-1)?.orderId ?? null) : null,
    carriers: byCarrier.map((c) => ({
      carriers: c.carriers ? c.carriers.split(',') : [],
      count: c.count,
      average: c.average === null ? 0 : Math.round(Number(c.average) * 10) / 10,
    })),
  };
}
