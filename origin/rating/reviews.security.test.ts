import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ratingPaths } from '../../contract/rating';
import { deliveryRatings, reviews } from '../../db/schema/rating';
import { setupShipping } from '../../test/support/checkout';
import { FAST_CUSTOMER_HASHING, registerCustomer } from '../../test/support/customers';
import { startTestOrigin, type TestOrigin } from '../../test/support/origin';
import { deliver, deliveredOrder, placedOrder, productReviews, reviewCall } from '../../test/support/rating';

let t: TestOrigin;
beforeAll(async () => {
  t = await startTestOrigin(FAST_CUSTOMER_HASHING);
  await setupShipping(t);
});
afterAll(() => t.close());

const written = async () => {
  const [r] = await t.origin.ctx.db.select({ n: count() }).from(reviews);
  const [d] = await t.origin.ctx.db.select({ n: count() }).from(deliveryRatings);
  return (r?.n ?? 0) + (d?.n ?? 0);
};

/** Every order-scoped rating route, called for `orderId` with `credential`. */
function attempts(orderId: string, productId: string) {
  return [
    { method: 'GET' as const, path: ratingPaths.orderReviews(orderId) },
    { method: 'POST' as const, path: ratingPaths.orderReviews(orderId), body: { productId, rating: 1, body: 'spam' } },
    { method: 'PATCH' as const, path: ratingPaths.orderReview(orderId, productId), body: { rating: 1 } },
    { method: 'PUT' as const, path: ratingPaths.deliveryRating(orderId), body: { rating: 1 } },
  ];
}

describe('who may review an order', () => {
  it('answers 404 order_not_found to any credential but the order’s own, and writes nothing', async () => {
    const victim = await deliveredOrder(t);
    const intruder = await deliveredOrder(t);
    const productId = victim.productIds[0] as string;
    const before = await written();
    const credentials = [
      { orderToken: intruder.orderToken },
      { orderToken: `${victim.orderToken}x` },
      { orderToken: 'garbage' },
      { customerToken: 'not-a-session' },
      {},
    ];
    for (const credential of credentials) {
      for (const a of attempts(victim.orderId, productId)) {
        const res = await reviewCall(t, a.method, a.path, credential, a.body);
        expect(res.status, `${a.method} ${a.path} ${JSON.stringify(credential)}`).toBe(404);
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe('order_not_found');
      }
    }
    // an order that does not exist looks exactly the same
    for (const a of attempts('ord_01JNOSUCHORDER0000000000', productId)) {
      const res = await reviewCall(t, a.method, a.path, { orderToken: victim.orderToken }, a.body);
      expect(res.status).toBe(404);
    }
    expect(await written()).toBe(before);
  });

  it('lets the signed-in customer who placed the order review it, and nobody else’s session', async () => {
    const owner = await registerCustomer(t);
    const stranger = await registerCustomer(t);
    const order = await placedOrder(t, 1, { customerId: owner.customer.id });
    await deliver(t, order.orderId);
    const productId = order.productIds[0] as string;
    const path = ratingPaths.orderReviews(order.orderId);

    const refused = await reviewCall(
      t,
      'POST',
      path,
      { customerToken: stranger.accessToken },
      { productId, rating: 5 },
    );
    expect(refused.status).toBe(404);
    const accepted = await reviewCall(t, 'POST', path, { customerToken: owner.accessToken }, { productId, rating: 5 });
    expect(accepted.status).toBe(201);
    const mine = await reviewCall(t, 'GET', path, { customerToken: owner.accessToken });
    expect(((await mine.json()) as { items: { review: { rating: number } | null }[] }).items[0]?.review?.rating).toBe(
      5,
    );
  });

  it('shows shoppers only published reviews, never the order or the moderator’s note', async () => {
    const order = await deliveredOrder(t);
    const productId = order.productIds[0] as string;
    const res = await reviewCall(t, 'POST', ratingPaths.orderReviews(order.orderId), order, { productId, rating: 3 });
    const { id } = (await res.json()) as { id: string };
    await t.admin('POST', `/admin/reviews/${id}/publish`, { note: 'internal: checked the order' });
    await t.drain();
    const page = (await (await productReviews(t, productId)).json()) as { items: Record<string, unknown>[] };
    expect(page.items).toHaveLength(1);
    expect(Object.keys(page.items[0] as object).sort()).toEqual(
      ['authorName', 'body', 'createdAt', 'id', 'rating', 'reply', 'title', 'verifiedPurchase'].sort(),
    );
  });
});
