import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProductReviewsPage } from '../../contract/rating';
import { ratingPaths } from '../../contract/rating';
import { setupShipping } from '../../test/support/checkout';
import { startTestOrigin, type TestOrigin } from '../../test/support/origin';
import {
  deliver,
  deliveredOrder,
  moreDeliveredOrders,
  orderReviewsOf,
  type PlacedOrder,
  placedOrder,
  productReviews,
  review,
  reviewCall,
  slugOf,
} from '../../test/support/rating';

let t: TestOrigin;
beforeAll(async () => {
  t = await startTestOrigin();
  await setupShipping(t);
});
afterAll(() => t.close());

const publish = (id: string) => t.admin('POST', `/admin/reviews/${id}/publish`);
const reviewsPage = async (productId: string, query = '') =>
  (await (await productReviews(t, productId, query)).json()) as ProductReviewsPage;

/** The product's rating in the snapshot last published to the edge. */
const publishedRating = (productId: string) =>
  t.publishes
    .flatMap((p) => p.products)
    .filter((p) => p.id === productId)
    .at(-1)?.rating;

describe('reviews after delivery (pre-moderation)', () => {
  it('opens reviews for each product of an order once it is delivered, not before', async () => {
    const order = await placedOrder(t, 2);
    const before = await orderReviewsOf(t, order);
    expect(before).toEqual({ open: false, items: [], deliveryRating: null });
    const early = await reviewCall(t, 'POST', ratingPaths.orderReviews(order.orderId), order, {
      productId: order.productIds[0],
      rating: 4,
    });
    expect(early.status).toBe(409);
    expect(((await early.json()) as { error: { code: string } }).error.code).toBe('reviews_not_open');

    await deliver(t, order.orderId);
    const after = await orderReviewsOf(t, order);
    expect(after.open).toBe(true);
    expect(after.items.map((i) => i.productId).sort()).toEqual([...order.productIds].sort());
    expect(after.items.every((i) => i.review === null && i.title.startsWith('Test Product'))).toBe(true);
  });

  it('keeps a new review from shoppers until a moderator publishes it, then counts it at the edge', async () => {
    const order = await deliveredOrder(t);
    const productId = order.productIds[0] as string;
    const written = await review(t, order, productId, { rating: 4, title: '  Snug fit ', body: 'Runs small.' });
    expect(written).toMatchObject({
      productId,
      status: 'pending',
      rating: 4,
      title: 'Snug fit',
      authorName: 'Ada',
      verifiedPurchase: true,
      reply: null,
    });
    expect((await reviewsPage(productId)).items).toEqual([]);

    expect((await publish(written.id)).status).toBe(200);
    await t.drain();
    const page = await reviewsPage(productId);
    expect(page.items.map((r) => [r.id, r.rating, r.title])).toEqual([[written.id, 4, 'Snug fit']]);
    expect(page.summary).toEqual({ average: 4, count: 1, distribution: { 1: 0, 2: 0, 3: 0, 4: 1, 5: 0 } });
    // the product was republished with its new rating, and the origin's own reads agree
    expect(publishedRating(productId)).toEqual({ average: 4, count: 1 });
    const slug = await slugOf(t, productId);
    const snapshot = (await (await t.internal(`/internal/catalog/products/${slug}`)).json()) as { rating: unknown };
    expect(snapshot.rating).toEqual({ average: 4, count: 1 });
  });

  it('allows one review per product and order; the author edits it instead', async () => {
    const order = await deliveredOrder(t);
    const productId = order.productIds[0] as string;
    const first = await review(t, order, productId, { rating: 2 });
    const again = await reviewCall(t, 'POST', ratingPaths.orderReviews(order.orderId), order, {
      productId,
      rating: 5,
    });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('review_exists');

    await publish(first.id);
    await t.drain();
    expect((await reviewsPage(productId)).summary.count).toBe(1);

    const edited = await reviewCall(t, 'PATCH', ratingPaths.orderReview(order.orderId, productId), order, {
      rating: 5,
      body: 'Changed my mind: great.',
    });
    expect(edited.status).toBe(200);
    expect(await edited.json()).toMatchObject({
      id: first.id,
      rating: 5,
      body: 'Changed my mind: great.',
      status: 'pending',
    });
    await t.drain();
    // back in moderation: out of sight and out of the counts until published again
    expect(await reviewsPage(productId)).toMatchObject({ items: [], summary: { count: 0, average: 0 } });
    expect(publishedRating(productId)).toEqual({ average: 0, count: 0 });
    await publish(first.id);
    await t.drain();
    expect((await reviewsPage(productId)).summary).toMatchObject({ count: 1, average: 5 });
  });

  it('counts, sorts and pages published reviews of one product across orders', async () => {
    const first = await deliveredOrder(t);
    const productId = first.productIds[0] as string;
    const ratings = [5, 3, 4, 1, 5];
    const ids: string[] = [(await review(t, first, productId, { rating: ratings[0] })).id];
    const more = await moreDeliveredOrders(t, productId, ratings.length - 1);
    for (const [i, rating] of ratings.slice(1).entries()) {
      ids.push((await review(t, more[i] as PlacedOrder, productId, { rating })).id);
    }
    for (const id of ids) await publish(id);
    await t.drain();

    const newest = await reviewsPage(productId, 'limit=2');
    expect(newest.summary).toEqual({ average: 3.6, count: 5, distribution: { 1: 1, 2: 0, 3: 1, 4: 1, 5: 2 } });
    expect(newest.items.map((r) => r.id)).toEqual([ids[4], ids[3]]);
    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const page: ProductReviewsPage = await reviewsPage(
        productId,
        `sort=highest&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      all.push(...page.items.map((r) => `${r.rating}:${r.id}`));
      cursor = page.nextCursor;
    } while (cursor);
    expect(all).toEqual([`5:${ids[4]}`, `5:${ids[0]}`, `4:${ids[2]}`, `3:${ids[1]}`, `1:${ids[3]}`]);
    const lowest = await reviewsPage(productId, 'sort=lowest&limit=3');
    expect(lowest.items.map((r) => r.rating)).toEqual([1, 3, 4]);
    expect(publishedRating(productId)).toEqual({ average: 3.6, count: 5 });
  });

  it('shows the merchant’s answer and drops a rejected review from the counts', async () => {
    const order = await deliveredOrder(t);
    const productId = order.productIds[0] as string;
    const written = await review(t, order, productId, { rating: 1, body: 'Broken on arrival' });
    await publish(written.id);
    const reply = await t.admin('PUT', `/admin/reviews/${written.id}/reply`, {
      body: 'Sorry! A new one is on its way.',
    });
    expect(reply.status).toBe(200);
    await t.drain();
    const [shown] = (await reviewsPage(productId)).items;
    expect(shown?.reply?.body).toBe('Sorry! A new one is on its way.');

    const rejected = await t.admin('POST', `/admin/reviews/${written.id}/reject`, { note: 'abusive language' });
    expect(await rejected.json()).toMatchObject({
      status: 'rejected',
      moderationNote: 'abusive language',
      moderatedBy: 'root',
    });
    await t.drain();
    expect(await reviewsPage(productId)).toMatchObject({ items: [], summary: { count: 0 } });
    expect(publishedRating(productId)).toEqual({ average: 0, count: 0 });
  });

  it('lists the moderation queue for the merchant, filtered by status and product', async () => {
    const order = await deliveredOrder(t, 2);
    const [a, b] = order.productIds as [string, string];
    const ra = await review(t, order, a, { rating: 3 });
    const rb = await review(t, order, b, { rating: 5 });
    await publish(rb.id);
    const pending = (await (await t.admin('GET', `/admin/reviews?status=pending&productId=${a}`)).json()) as {
      items: { id: string; orderId: string; status: string }[];
    };
    expect(pending.items.map((r) => [r.id, r.orderId, r.status])).toEqual([[ra.id, order.orderId, 'pending']]);
    const one = await t.admin('GET', `/admin/reviews/${rb.id}`);
    expect(await one.json()).toMatchObject({ id: rb.id, status: 'published', moderatedBy: 'root' });
  });

  it('rates the delivery once delivered, again to change it, and reports it per carrier', async () => {
    const waiting = await placedOrder(t);
    const early = await reviewCall(t, 'PUT', ratingPaths.deliveryRating(waiting.orderId), waiting, { rating: 5 });
    expect(early.status).toBe(409);

    const order = await deliveredOrder(t);
    const put = (body: unknown) => reviewCall(t, 'PUT', ratingPaths.deliveryRating(order.orderId), order, body);
    expect((await put({ rating: 2, comment: 'Late' })).status).toBe(200);
    const changed = await put({ rating: 4, comment: ' On time after all ' });
    expect(await changed.json()).toMatchObject({ rating: 4, comment: 'On time after all', carriers: [] });
    expect((await orderReviewsOf(t, order)).deliveryRating).toMatchObject({ rating: 4 });
    const report = (await (await t.admin('GET', '/admin/delivery-ratings?limit=100')).json()) as {
      items: { orderId: string; rating: number }[];
      carriers: { carriers: string[]; count: number; average: number }[];
    };
    expect(report.items.filter((i) => i.orderId === order.orderId)).toEqual([
      expect.objectContaining({ orderId: order.orderId, rating: 4 }),
    ]);
    expect(report.carriers.find((c) => c.carriers.length === 0)?.count).toBeGreaterThanOrEqual(1);
  });
});

describe('post-moderation', () => {
  let p: TestOrigin;
  beforeAll(async () => {
    p = await startTestOrigin({ REVIEW_MODERATION: 'post' });
    await setupShipping(p);
  });
  afterAll(() => p.close());

  it('publishes a review at once and counts it; a moderator can still take it down', async () => {
    const order = await deliveredOrder(p);
    const productId = order.productIds[0] as string;
    const written = await review(p, order, productId, { rating: 3 });
    expect(written.status).toBe('published');
    await p.drain();
    const page = (await (await productReviews(p, productId)).json()) as ProductReviewsPage;
    expect(page.summary).toMatchObject({ count: 1, average: 3 });
    await p.admin('POST', `/admin/reviews/${written.id}/reject`);
    await p.drain();
    expect(((await (await productReviews(p, productId)).json()) as ProductReviewsPage).summary.count).toBe(0);
    // the author cannot undo the rejection by editing: the edit waits for a moderator
    const edited = await reviewCall(p, 'PATCH', ratingPaths.orderReview(order.orderId, productId), order, {
      authorName: 'Someone else',
    });
    expect(await edited.json()).toMatchObject({ status: 'pending' });
    await p.drain();
    expect(((await (await productReviews(p, productId)).json()) as ProductReviewsPage).summary.count).toBe(0);
  });
});
