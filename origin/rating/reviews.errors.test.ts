import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ratingPaths } from '../../contract/rating';
import { signInternalRequest } from '../../contract/signing';
import { deliveryRatings, reviews } from '../../db/schema/rating';
import { setupShipping } from '../../test/support/checkout';
import { INTERNAL_SECRET, startTestOrigin, type TestOrigin } from '../../test/support/origin';
import { deliveredOrder, type PlacedOrder, productReviews, review, reviewCall } from '../../test/support/rating';

let t: TestOrigin;
let order: PlacedOrder;
let productId: string;
beforeAll(async () => {
  t = await startTestOrigin();
  await setupShipping(t);
  order = await deliveredOrder(t);
  productId = order.productIds[0] as string;
});
afterAll(() => t.close());

const written = async () => {
  const [r] = await t.origin.ctx.db.select({ n: count() }).from(reviews);
  const [d] = await t.origin.ctx.db.select({ n: count() }).from(deliveryRatings);
  return (r?.n ?? 0) + (d?.n ?? 0);
};

async function expectError(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  const json = (await res.json()) as { error?: { code?: string; message?: string } };
  expect(json.error?.code).toBe(code);
  expect(json.error?.message).toBeTruthy();
}

describe('malformed review input', () => {
  it('refuses bad review bodies with 400 and writes nothing', async () => {
    const before = await written();
    const bodies: unknown[] = [
      {},
      { productId, rating: 0 },
      { productId, rating: 6 },
      { productId, rating: 4.5 },
      { productId, rating: '5' },
      { productId, rating: 5, title: 'x'.repeat(121) },
      { productId, rating: 5, body: 'x'.repeat(5001) },
      { productId, rating: 5, authorName: 'x'.repeat(61) },
      { productId, rating: 5, stars: 5 },
      { productId: 'not-a-product', rating: 5 },
      { productId: `prod_${'A'.repeat(10)}'--`, rating: 5 },
      [],
      'null',
      '{bad',
    ];
    for (const body of bodies) {
      const res = await reviewCall(t, 'POST', ratingPaths.orderReviews(order.orderId), order, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toMatch(/^invalid_/);
    }
    expect(await written()).toBe(before);
  });

  it('refuses a product the order did not contain with 422', async () => {
    const other = await deliveredOrder(t);
    const res = await reviewCall(t, 'POST', ratingPaths.orderReviews(order.orderId), order, {
      productId: other.productIds[0],
      rating: 5,
    });
    await expectError(res, 422, 'product_not_in_order');
  });

  it('refuses edits that change nothing or target no review, and bad delivery ratings', async () => {
    const path = ratingPaths.orderReview(order.orderId, productId);
    await expectError(await reviewCall(t, 'PATCH', path, order, {}), 400, 'invalid_request');
    await expectError(await reviewCall(t, 'PATCH', path, order, { rating: 9 }), 400, 'invalid_request');
    await expectError(await reviewCall(t, 'PATCH', path, order, { rating: 3 }), 404, 'review_not_found');
    const badProduct = ratingPaths.orderReview(order.orderId, 'prod_%00');
    await expectError(await reviewCall(t, 'PATCH', badProduct, order, { rating: 3 }), 400, 'invalid_request');
    for (const body of [{}, { rating: 0 }, { rating: 3, comment: 'x'.repeat(5001) }, { rating: 3, extra: 1 }]) {
      const res = await reviewCall(t, 'PUT', ratingPaths.deliveryRating(order.orderId), order, body);
      await expectError(res, 400, 'invalid_request');
    }
  });

  it('refuses bad queries of a product’s reviews, and unknown products', async () => {
    for (const query of ['sort=best', 'limit=0', 'limit=51', 'cursor=%%%', 'cursor=cHJvZF8x', 'page=2']) {
      const res = await productReviews(t, productId, query);
      expect(res.status, query).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toMatch(/^invalid_/);
    }
    const path = ratingPaths.productReviews('no-such-product');
    const res = await t.origin.app.request(path, { headers: await signInternalRequest(INTERNAL_SECRET, 'GET', path) });
    await expectError(res, 404, 'product_not_found');
  });

  it('answers the admin review routes’ own refusals with their codes', async () => {
    const mine = await review(t, order, productId, { rating: 4 });
    await expectError(await t.admin('GET', '/admin/reviews/rev_0000000000NOPE'), 404, 'review_not_found');
    await expectError(await t.admin('POST', '/admin/reviews/rev_0000000000NOPE/publish'), 404, 'review_not_found');
    await expectError(await t.admin('PUT', `/admin/reviews/${mine.id}/reply`, { body: '' }), 400, 'invalid_request');
    await expectError(await t.admin('GET', '/admin/reviews?status=hidden'), 400, 'invalid_request');
    await expectError(await t.admin('GET', '/admin/reviews?rating=6'), 400, 'invalid_request');
    await expectError(await t.admin('GET', '/admin/reviews?cursor=bm9wZQ'), 400, 'invalid_cursor');
    await expectError(await t.admin('GET', '/admin/delivery-ratings?carrier=DROP%20TABLE'), 400, 'invalid_request');
  });
});
