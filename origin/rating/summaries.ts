/**
 * The published reviews of each product, counted (`product_ratings`). The row is recomputed
 * from `reviews` under a row lock whenever a review changes, never incremented, so a duplicate,
 * late or reordered event leaves it right, and two recomputations of one product take turns.
 */
import { and, count, eq, inArray } from 'drizzle-orm';
import type { RatingBreakdown } from '../../contract/rating';
import type { Database } from '../../db/client';
import { productRatings, reviews } from '../../db/schema/rating';
import type { Writer } from '../platform/outbox/outbox';
import { averageOf, breakdown, type StarCounts, starCounts } from './rules';

type RatingRow = typeof productRatings.$inferSelect;

const starsOf = (row: RatingRow): StarCounts => [row.stars1, row.stars2, row.stars3, row.stars4, row.stars5];

/** `{ average, count }` of each product that has a row (the catalog shows these). */
export async function ratingSummaries(
  db: Database | Writer,
  productIds: string[],
): Promise<Map<string, { average: number; count: number }>> {
  if (productIds.length === 0) return new Map();
  const rows = await db
    .select({ productId: productRatings.productId, count: productRatings.count, total: productRatings.total })
    .from(productRatings)
    .where(inArray(productRatings.productId, productIds));
  return new Map(rows.map((r) => [r.productId, { average: averageOf(r.total, r.count), count: r.count }]));
}

/** The full breakdown of one product (zeros when it has no published review). */
export async function ratingBreakdownOf(db: Database | Writer, productId: string): Promise<RatingBreakdown> {
  const [row] = await db.select().from(productRatings).where(eq(productRatings.productId, productId));
  const { total: _total, ...result } = breakdown(row ? starsOf(row) : [0, 0, 0, 0, 0]);
  return result;
}

/** Recounts `productId` from its published reviews; true when the counts changed. */
export async function recountProductRating(tx: Writer, productId: string): Promise<boolean> {
  await tx.insert(productRatings).values({ productId }).onConflictDoNothing();
  const [before] = await tx.select().from(productRatings).where(eq(productRatings.productId, productId)).for('update');
  const rows = await tx
    .select({ rating: reviews.rating, n: count() })
    .from(reviews)
    .where(and(eq(reviews.productId, productId), eq(reviews.status, 'published')))
    .groupBy(reviews.rating);
  const stars = starCounts(rows);
  if (before && starsOf(before).every((n, i) => n === stars[i])) return false;
  const { count: total, total: sum } = breakdown(stars);
  await tx
    .update(productRatings)
    .set({
      count: total,
      total: sum,
      stars1: stars[0],
      stars2: stars[1],
      stars3: stars[2],
      stars4: stars[3],
      stars5: stars[4],
      updatedAt: new Date(),
    })
    .where(eq(productRatings.productId, productId));
  return true;
}
