import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CheckoutResponse } from '../../contract/orders';
import type { ProductReviewsPage } from '../../contract/rating';
import { errorCode } from '../../test/edge/cart-helpers';
import { productFixture, publishOk, publishPayload, unique } from '../../test/edge/catalog-fixtures';
import { cartWithItem, checkout, newIdempotencyKey } from '../../test/edge/checkout-helpers';
import { edgeFetch, jsonRequest } from '../../test/edge/edge-fetch';
import { type FakeOrigin, installFakeOrigin } from '../../test/edge/fake-origin';

let origin: FakeOrigin;
beforeEach(() => {
  origin = installFakeOrigin();
  vi.spyOn(console, 'error').mockImplementation(() => {});
});
afterEach(() => vi.restoreAllMocks());

const page = (average = 4.5, count = 2): ProductReviewsPage => ({
  items: [
    {
      id: 'rev_01',
      rating: 5,
      title: 'Great',
      body: 'Fits well',
      authorName: 'Ada',
      verifiedPurchase: true,
      createdAt: '2030-01-01T00:00:00.000Z',
      reply: null,
    },
  ],
  nextCursor: null,
  summary: { average, count, distribution: { 1: 0, 2: 0, 3: 0, 4: 1, 5: 1 } },
});

const reviewReads = (slug: string) =>
  origin.requests.filter((r) => r.startsWith(`/internal/catalog/products/${slug}/reviews`));

describe('GET /api/products/:slug/reviews', () => {
  it('serves the origin’s page, then from L1 with an ETag, until a publish drops it', async () => {
    const slug = unique('reviewed');
    origin.reviewService.pages.set(slug, page());
    const first = await edgeFetch(`/api/products/${slug}/reviews?sort=highest&limit=5`);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual(page());
    expect(reviewReads(slug)).toEqual([`/internal/catalog/products/${slug}/reviews?limit=5&sort=highest`]);
    const etag = first.headers.get('etag') as string;
    expect(first.headers.get('cache-control')).toBe('public, max-age=0, must-revalidate');

    // the same query in another spelling shares the entry; a revalidation is a 304
    const again = await edgeFetch(`/api/products/${slug}/reviews?limit=5&sort=highest`);
    expect(await again.json()).toEqual(page());
    const notModified = await edgeFetch(`/api/products/${slug}/reviews?limit=5&sort=highest`, {
      headers: { 'if-none-match': etag },
    });
    expect(notModified.status).toBe(304);
    expect(reviewReads(slug)).toHaveLength(1);

    // a review change republishes its product, which clears L1: the next read is fresh
    origin.reviewService.pages.set(slug, page(4.7, 3));
    await publishOk(publishPayload({ products: [productFixture({ slug })] }));
    const fresh = (await (
      await edgeFetch(`/api/products/${slug}/reviews?limit=5&sort=highest`)
    ).json()) as ProductReviewsPage;
    expect(fresh.summary).toMatchObject({ average: 4.7, count: 3 });
    expect(reviewReads(slug)).toHaveLength(2);
  });

  it('sends the default query when none is given', async () => {
    const slug = unique('plain');
    origin.reviewService.pages.set(slug, page());
    expect((await edgeFetch(`/api/products/${slug}/reviews`)).status).toBe(200);
    expect(reviewReads(slug)).toEqual([`/internal/catalog/products/${slug}/reviews?limit=10&sort=newest`]);
  });

  it('answers 404 product_not_found for an unknown product, and 400 for malformed queries without asking the origin', async () => {
    const missing = await edgeFetch('/api/products/no-such-thing/reviews');
    expect(missing.status).toBe(404);
    expect(await errorCode(missing)).toBe('product_not_found');
    const slug = unique('strict');
    for (const query of [
      'sort=best',
      'limit=0',
      'limit=51',
      'limit=ten',
      'cursor=a%20b',
      'page=2',
      'sort=newest&sort=highest',
    ]) {
      const res = await edgeFetch(`/api/products/${slug}/reviews?${query}`);
      expect(res.status, query).toBe(400);
      expect(await errorCode(res)).toBe('invalid_request');
    }
    expect(await errorCode(await edgeFetch('/api/products/Bad%20Slug/reviews'))).toBe('product_not_found');
    expect(reviewReads(slug)).toEqual([]);
  });
});

describe('an order’s reviews', () => {
  async function placedOrder(): Promise<CheckoutResponse> {
    const { cart } = await cartWithItem();
    const res = await checkout(cart.id, newIdempotencyKey());
    if (res.status !== 201) throw new Error(`checkout: ${res.status} ${await res.text()}`);
    return res.json<CheckoutResponse>();
  }
  const asHolder = (placed: CheckoutResponse) => ({ authorization: `Bearer ${placed.orderToken}` });
  const productIdOf = (placed: CheckoutResponse) => placed.order.lines[0]?.productId as string;

  it('relays reviews and the delivery rating for the order’s token holder, with the origin’s business answers', async () => {
    const placed = await placedOrder();
    const id = placed.order.id;
    const productId = productIdOf(placed);
    const write = (body: unknown) =>
      edgeFetch(`/api/orders/${id}/reviews`, jsonRequest('POST', body, asHolder(placed)));

    const early = await write({ productId, rating: 5 });
    expect(early.status).toBe(409);
    expect(await errorCode(early)).toBe('reviews_not_open');

    origin.reviewService.delivered.add(id);
    const created = await write({ productId, rating: 4, title: 'Nice', body: null });
    expect(created.status).toBe(201);
    expect(created.headers.get('cache-control')).toBe('no-store');
    expect(await created.json()).toMatchObject({ productId, rating: 4, status: 'pending' });
    const twice = await write({ productId, rating: 5 });
    expect(twice.status).toBe(409);
    expect(await errorCode(twice)).toBe('review_exists');

    const listed = await edgeFetch(`/api/orders/${id}/reviews`, { headers: asHolder(placed) });
    expect(((await listed.json()) as { items: { review: { rating: number } }[] }).items[0]?.review.rating).toBe(4);
    const edited = await edgeFetch(
      `/api/orders/${id}/reviews/${productId}`,
      jsonRequest('PATCH', { rating: 5 }, asHolder(placed)),
    );
    expect(await edited.json()).toMatchObject({ rating: 5 });
    const rated = await edgeFetch(
      `/api/orders/${id}/delivery-rating`,
      jsonRequest('PUT', { rating: 3 }, asHolder(placed)),
    );
    expect(rated.status).toBe(200);
    expect(await rated.json()).toMatchObject({ rating: 3 });
    // what the origin received: the token as x-order-token, and the validated body
    expect(origin.reviewService.writes.at(-1)).toEqual({ rating: 3 });
  });

  it('gives anyone else the same 404 as a missing order, and checks input before calling the origin', async () => {
    const placed = await placedOrder();
    const other = await placedOrder();
    const id = placed.order.id;
    origin.reviewService.delivered.add(id);
    const productId = productIdOf(placed);
    const body = { productId, rating: 5 };
    for (const headers of [{}, asHolder(other), { authorization: 'Bearer garbage' }]) {
      for (const res of [
        await edgeFetch(`/api/orders/${id}/reviews`, { headers }),
        await edgeFetch(`/api/orders/${id}/reviews`, jsonRequest('POST', body, headers)),
        await edgeFetch(`/api/orders/${id}/delivery-rating`, jsonRequest('PUT', { rating: 2 }, headers)),
      ]) {
        expect(res.status).toBe(404);
        expect(await errorCode(res)).toBe('order_not_found');
      }
    }
    expect(origin.reviewService.reviews.size).toBe(0);

    const writesBefore = origin.reviewService.writes.length;
    for (const bad of [
      { productId, rating: 6 },
      { productId, rating: 4.5 },
      { productId: 'x', rating: 3 },
      { rating: 3 },
      { productId, rating: 3, spam: 1 },
    ]) {
      const res = await edgeFetch(`/api/orders/${id}/reviews`, jsonRequest('POST', bad, asHolder(placed)));
      expect(res.status, JSON.stringify(bad)).toBe(400);
    }
    const badPatch = await edgeFetch(
      `/api/orders/${id}/reviews/not-a-product`,
      jsonRequest('PATCH', { rating: 2 }, asHolder(placed)),
    );
    expect(badPatch.status).toBe(400);
    const emptyPatch = await edgeFetch(
      `/api/orders/${id}/reviews/${productId}`,
      jsonRequest('PATCH', {}, asHolder(placed)),
    );
    expect(emptyPatch.status).toBe(400);
    const notJson = await edgeFetch(`/api/orders/${id}/reviews`, {
      method: 'POST',
      headers: { ...asHolder(placed), 'content-type': 'text/plain' },
      body: JSON.stringify(body),
    });
    expect(notJson.status).toBe(400);
    expect(origin.reviewService.writes.length).toBe(writesBefore);
  });

  it('answers 502 origin_unavailable when the origin is down', async () => {
    const placed = await placedOrder();
    origin.failWith = 503;
    const res = await edgeFetch(`/api/orders/${placed.order.id}/reviews`, { headers: asHolder(placed) });
    expect(res.status).toBe(502);
    expect(await errorCode(res)).toBe('origin_unavailable');
  });
});
