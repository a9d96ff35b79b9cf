/**
 * Reviews under real concurrency (PostgreSQL only: `npm run test:services`; PGlite is one
 * session and cannot race): one review per product and order however many submissions race,
 * and a product's counts equal its published reviews however the recounts interleave.
 */
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ratingPaths } from '../../contract/rating';
import { productRatings, reviews } from '../../db/schema/rating';
import { setupShipping } from '../../test/support/checkout';
import { serverDatabase } from '../../test/support/db';
import { startTestOrigin, type TestOrigin } from '../../test/support/origin';
import { deliveredOrder, moreDeliveredOrders, reviewCall } from '../../test/support/rating';
import { moderateReview } from './moderation';
import { recountProductRating } from './summaries';

const IN_FLIGHT = 12;
/** Recounts started at once after each publish: the more, the likelier a stale one could write last. */
const RECOUNTS = 2;

describe.skipIf(!serverDatabase())('reviews under concurrency (PostgreSQL)', () => {
  let t: TestOrigin;
  beforeAll(async () => {
    t = await startTestOrigin();
    await setupShipping(t);
  });
  afterAll(() => t.close());

  it('keeps one review per product and order when the same submission races', async () => {
    for (let round = 0; round < 3; round++) {
      const order = await deliveredOrder(t);
      const productId = order.productIds[0] as string;
      const statuses = await Promise.all(
        Array.from({ length: IN_FLIGHT }, async (_, i) => {
          const res = await reviewCall(t, 'POST', ratingPaths.orderReviews(order.orderId), order, {
            productId,
            rating: 1 + (i % 5),
          });
          const json = (await res.json()) as { error?: { code: string } };
          return `${res.status}${json.error ? ` ${json.error.code}` : ''}`;
        }),
      );
      const tally: Record<string, number> = {};
      for (const s of statuses) tally[s] = (tally[s] ?? 0) + 1;
      expect(tally).toEqual({ '201': 1, '409 review_exists': IN_FLIGHT - 1 });
      const [row] = await t.origin.ctx.db
        .select({ n: count() })
        .from(reviews)
        .where(and(eq(reviews.orderId, order.orderId), eq(reviews.productId, productId)));
      expect(row?.n).toBe(1);
    }
  });

  it('ends with counts equal to the published reviews when publishing and recounting interleave', async () => {
    const first = await deliveredOrder(t);
    const productId = first.productIds[0] as string;
    const orders = [first, ...(await moreDeliveredOrders(t, productId, 15))];
    const ids: string[] = [];
    for (const [i, order] of orders.entries()) {
      const res = await reviewCall(t, 'POST', ratingPaths.orderReviews(order.orderId), order, {
        productId,
        rating: 1 + (i % 5),
      });
      ids.push(((await res.json()) as { id: string }).id);
    }
    const db = t.origin.ctx.db;
    // Every publish is followed at once by a recount in its own transaction, all at the same
    // time: a recount that read before another publish committed must not write last.
    await Promise.all(
      ids.map(async (id) => {
        await moderateReview(t.origin.ctx, id, 'publish', 'test');
        await Promise.all(
          Array.from({ length: RECOUNTS }, () => db.transaction((tx) => recountProductRating(tx, productId))),
        );
      }),
    );
    const [published] = await db
      .select({ n: count() })
      .from(reviews)
      .where(and(eq(reviews.productId, productId), eq(reviews.status, 'published')));
    const [counted] = await db.select().from(productRatings).where(eq(productRatings.productId, productId));
    expect(published?.n).toBe(ids.length);
    expect(counted?.count).toBe(ids.length);
    expect(counted?.total).toBe(orders.reduce((sum, _o, i) => sum + 1 + (i % 5), 0));
  });

  it('makes a recount wait for one in progress, then count what that one committed', async () => {
    const order = await deliveredOrder(t);
    const productId = order.productIds[0] as string;
    const res = await reviewCall(t, 'POST', ratingPaths.orderReviews(order.orderId), order, { productId, rating: 4 });
    const { id } = (await res.json()) as { id: string };
    await moderateReview(t.origin.ctx, id, 'publish', 'test');
    const db = t.origin.ctx.db;
    await db.transaction((tx) => recountProductRating(tx, productId));

    let recounted = false;
    let second: Promise<unknown> = Promise.resolve();
    await db.transaction(async (first) => {
      // A recount in progress: it holds the row, read the reviews before the next change, and
      // is about to write what it saw then (here: nothing published).
      await first.select().from(productRatings).where(eq(productRatings.productId, productId)).for('update');
      second = db
        .transaction((tx) => recountProductRating(tx, productId))
        .then(() => {
          recounted = true;
        });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(recounted).toBe(false); // it waits for the row instead of racing the first
      await first
        .update(productRatings)
        .set({ count: 0, total: 0, stars1: 0, stars2: 0, stars3: 0, stars4: 0, stars5: 0 })
        .where(eq(productRatings.productId, productId));
    });
    await second;
    // The second recount ran after the stale write and counted the published review again.
    const [row] = await db.select().from(productRatings).where(eq(productRatings.productId, productId));
    expect(row).toMatchObject({ count: 1, total: 4, stars4: 1 });
  });
});
