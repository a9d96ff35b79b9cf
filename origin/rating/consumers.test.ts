import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxEvents } from '../../db/schema/outbox';
import { productRatings, reviewInvitations } from '../../db/schema/rating';
import { setupShipping } from '../../test/support/checkout';
import { startTestOrigin, type TestOrigin } from '../../test/support/origin';
import { deliveredOrder, moreDeliveredOrders, type PlacedOrder, placedOrder, review } from '../../test/support/rating';
import type { OutboxEvent } from '../platform/outbox/outbox';
import { deliverTwiceOutOfOrder } from '../platform/queue/testing';
import { RatingTopics } from './topics';

let t: TestOrigin;
beforeAll(async () => {
  t = await startTestOrigin();
  await setupShipping(t);
});
afterAll(() => t.close());

const pendingEvents = async (topic: string, aggregateId: string): Promise<OutboxEvent[]> => {
  const rows = await t.origin.ctx.db
    .select()
    .from(outboxEvents)
    .where(
      and(eq(outboxEvents.topic, topic), eq(outboxEvents.aggregateId, aggregateId), eq(outboxEvents.status, 'pending')),
    );
  return rows.map((r) => ({ ...r, attempts: 0 }));
};

const ratingRow = async (productId: string) =>
  (await t.origin.ctx.db.select().from(productRatings).where(eq(productRatings.productId, productId)))[0];

describe('rating consumers', () => {
  it('opens reviews once however often the delivery is announced', async () => {
    const order = await placedOrder(t, 2);
    for (const to of ['fulfilling', 'shipped', 'delivered']) {
      await t.admin('POST', `/admin/orders/${order.orderId}/transition`, { to });
    }
    const [delivered] = await pendingEvents('order.delivered', order.orderId);
    if (!delivered) throw new Error('no order.delivered event');
    await t.origin.queue.dispatch(delivered);
    await t.origin.queue.dispatch({ ...delivered, id: `${delivered.id}_again` }); // a republished copy
    const rows = await t.origin.ctx.db
      .select()
      .from(reviewInvitations)
      .where(eq(reviewInvitations.orderId, order.orderId));
    expect(rows.map((r) => r.productId).sort()).toEqual([...order.productIds].sort());
  });

  for (const seed of [0, 1, 2, 3]) {
    it(`counts a product's reviews right when its changes arrive twice and out of order (seed ${seed})`, async () => {
      const first = await deliveredOrder(t);
      const productId = first.productIds[0] as string;
      const ids = [(await review(t, first, productId, { rating: 5 })).id];
      const more = await moreDeliveredOrders(t, productId, 3);
      for (const [i, rating] of [2, 4, 4].entries())
        ids.push((await review(t, more[i] as PlacedOrder, productId, { rating })).id);
      // publish all, then take one down and answer another: five changes, each an event
      for (const id of ids) await t.admin('POST', `/admin/reviews/${id}/publish`);
      await t.admin('POST', `/admin/reviews/${ids[1]}/reject`);
      await t.admin('PUT', `/admin/reviews/${ids[2]}/reply`, { body: 'Thanks!' });
      const events = await pendingEvents(RatingTopics.reviewChanged, productId);
      expect(events).toHaveLength(6);

      await deliverTwiceOutOfOrder(events, (e) => t.origin.queue.dispatch(e), { seed });
      expect(await ratingRow(productId)).toMatchObject({ count: 3, total: 13, stars4: 2, stars5: 1, stars2: 0 });
      await t.drain();
      const last = t.publishes
        .flatMap((p) => p.products)
        .filter((p) => p.id === productId)
        .at(-1);
      expect(last?.rating).toEqual({ average: 4.3, count: 3 });
    });
  }
});
