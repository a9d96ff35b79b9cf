/**
 * Checkout end to end, as a shopper with curl would do it: through the real edge (`wrangler
 * dev`) and the real origin (Bun, PGlite seeded with the demo catalog and its shipping zones).
 * Cash on delivery → the order by its token and in the admin API → stock reserved → the same
 * request with the same key gives the same order → the cart is converted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProductPage } from '../origin/catalog/snapshot';
import type { CheckoutResponse, Order } from '../origin/checkout/contract';
import { LOAD_TEST_LIMITS, type Stack, startStack } from '../scripts/lib/stack.mjs';
import { call, json } from './support/http';

let stack: Stack;

const admin = (path: string) =>
  call(stack.originUrl, path, { headers: { authorization: `Bearer ${stack.adminToken}` } });

beforeAll(async () => {
  stack = await startStack({ edgeVars: LOAD_TEST_LIMITS, seedProducts: 24, log: Boolean(process.env.E2E_LOG) });
}, 180_000);
afterAll(async () => {
  await stack?.stop();
}, 60_000);

describe('checkout through the edge', () => {
  let variantId: string;
  let price: number;
  let cartId: string;
  let placed: CheckoutResponse;
  const key = `e2e-${Date.now()}`;
  const checkoutBody = {
    email: 'ada@example.com',
    shippingAddress: {
      name: 'Ada Lovelace',
      line1: '12 Analytical St',
      city: 'Boston',
      postalCode: '02118',
      country: 'US',
    },
    paymentMethod: 'cod',
  };

  it('fills a cart with an available variant', async () => {
    const list = (await call(stack.edgeUrl, '/api/products?limit=20')).body as ProductPage;
    let found: { id: string; price: { amount: number }; available: boolean } | undefined;
    for (const item of list.items) {
      const product = (await call(stack.edgeUrl, `/api/products/${item.slug}`)).body;
      // Cash on delivery is offered up to COD_MAX_AMOUNT (500.00 by default): two of these must fit.
      found = product.variants.find(
        (v: { available: boolean; price: { amount: number } }) => v.available && v.price.amount <= 20_000,
      );
      if (found) break;
    }
    if (!found) throw new Error('no available variant in the demo catalog');
    variantId = found.id;
    price = found.price.amount;
    cartId = (await call(stack.edgeUrl, '/api/carts', { method: 'POST' })).body.id;
    const added = await call(stack.edgeUrl, `/api/carts/${cartId}/items`, json('POST', { variantId, quantity: 2 }));
    expect(added.status).toBe(200);
  });

  it('places a cash-on-delivery order and reserves its stock', async () => {
    const before = (await admin(`/admin/inventory/${variantId}`)).body;
    const res = await call(
      stack.edgeUrl,
      `/api/carts/${cartId}/checkout`,
      json('POST', checkoutBody, { 'idempotency-key': key }),
    );
    expect(res.status).toBe(201);
    placed = res.body as CheckoutResponse;
    expect(placed.order.status).toBe('confirmed');
    expect(placed.order.totals.subtotal.amount).toBe(2 * price);
    const { subtotal, shipping, tax, total } = placed.order.totals;
    expect(total.amount).toBe(subtotal.amount + shipping.amount + tax.amount);
    expect(placed.payment).toEqual({
      id: expect.stringMatching(/^pay_/),
      status: 'cash_on_delivery',
      nextAction: null,
    });
    const after = (await admin(`/admin/inventory/${variantId}`)).body;
    expect(after.reserved).toBe(before.reserved + 2);
    expect(after.available).toBe(before.available - 2);
  });

  it('shows the order to the holder of its token and to the merchant, and to nobody else', async () => {
    const own = await call(stack.edgeUrl, `/api/orders/${placed.order.id}`, {
      headers: { authorization: `Bearer ${placed.orderToken}` },
    });
    expect(own.status).toBe(200);
    // The order, with where its payment stands (cash on delivery: nothing to pay again).
    expect(own.body).toEqual({ ...placed.order, payment: { ...placed.payment, attempt: 1, retry: null } });
    const stranger = await call(stack.edgeUrl, `/api/orders/${placed.order.id}`, {
      headers: { authorization: 'Bearer not-a-token' },
    });
    expect(stranger.status).toBe(404);
    expect(stranger.body.error.code).toBe('order_not_found');
    const merchant = await admin(`/admin/orders/${placed.order.id}`);
    expect(merchant.status).toBe(200);
    expect(merchant.body.history.map((h: { to: string }) => h.to)).toEqual(['confirmed']);
  });

  it('answers the same request with the same key with the same order, and never a second one', async () => {
    const again = await call(
      stack.edgeUrl,
      `/api/carts/${cartId}/checkout`,
      json('POST', checkoutBody, { 'idempotency-key': key }),
    );
    expect(again.status).toBe(201);
    expect(again.body.order.id).toBe(placed.order.id);
    const mine = await admin(`/admin/orders?email=${encodeURIComponent('ada@example.com')}`);
    expect(mine.body.items.map((o: Order) => o.id)).toEqual([placed.order.id]);
  });

  it('refuses further changes to the converted cart', async () => {
    const cart = await call(stack.edgeUrl, `/api/carts/${cartId}`);
    expect(cart.body.status).toBe('converted');
    const add = await call(stack.edgeUrl, `/api/carts/${cartId}/items`, json('POST', { variantId, quantity: 1 }));
    expect(add.status).toBe(409);
    expect(add.body.error.code).toBe('cart_converted');
  });
});
