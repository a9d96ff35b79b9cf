import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckoutResponse } from '../../contract/orders';
import {
  checkoutRequest,
  getOrder,
  postCheckout,
  type ShippingFixture,
  setupShipping,
  stockedVariant,
  stockOf,
} from '../../test/support/checkout';
import { startTestOrigin, type TestOrigin } from '../../test/support/origin';

let t: TestOrigin;
let ship: ShippingFixture;
beforeAll(async () => {
  t = await startTestOrigin();
  ship = await setupShipping(t);
});
afterAll(() => t.close());

const count = async (query: ReturnType<typeof sql>) =>
  Number(((await t.origin.ctx.db.execute(query)) as unknown as { rows: { n: number }[] }).rows[0]?.n);

describe('placing an order', () => {
  it('places a cash-on-delivery order: confirmed, priced by the origin, stock reserved', async () => {
    const v = await stockedVariant(t, 2500, 10);
    const res = await postCheckout(t, checkoutRequest([{ variantId: v.id, quantity: 3, unitPrice: 2500 }]));
    expect(res.status).toBe(201);
    const body = (await res.json()) as CheckoutResponse;
    expect(body.order).toMatchObject({
      status: 'confirmed',
      email: 'shopper@example.com',
      paymentMethod: 'cod',
      shippingMethodId: ship.standardUs,
      totals: {
        subtotal: { amount: 7500, currency: 'USD' },
        shipping: { amount: 500, currency: 'USD' },
        tax: { amount: 0, currency: 'USD' },
        total: { amount: 8000, currency: 'USD' },
      },
    });
    expect(body.order.lines).toEqual([
      expect.objectContaining({ variantId: v.id, quantity: 3, unitPrice: { amount: 2500, currency: 'USD' } }),
    ]);
    expect(body.payment).toEqual({ id: expect.stringMatching(/^pay_/), status: 'cash_on_delivery', nextAction: null });
    expect(await stockOf(t, v.id)).toEqual({ variantId: v.id, onHand: 10, reserved: 3, available: 7 });
  });

  it('places a card order unpaid when the provider cannot be reached, with a payment deadline that will release its stock', async () => {
    const v = await stockedVariant(t);
    const res = await postCheckout(
      t,
      checkoutRequest([{ variantId: v.id, quantity: 1, unitPrice: 2500 }], {
        paymentMethod: 'card',
        card: { token: 'tok_visa' },
      }),
    );
    const body = (await res.json()) as CheckoutResponse;
    expect(body.order.status).toBe('pending_payment');
    expect(body.payment.status).toBe('pending');
    const deadline = await count(
      sql`select count(*)::int as n from outbox_events where topic = 'order.payment_deadline' and aggregate_id = ${body.order.id} and available_at > now()`,
    );
    expect(deadline).toBe(1);
  });

  it('adds VAT on goods and shipping and honours a chosen method', async () => {
    const v = await stockedVariant(t, 1000);
    const de = checkoutRequest([{ variantId: v.id, quantity: 2, unitPrice: 1000 }], {
      shippingAddress: { name: 'K', line1: 'Str. 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
    });
    const body = (await (await postCheckout(t, de)).json()) as CheckoutResponse;
    expect(body.order.totals).toMatchObject({
      subtotal: { amount: 2000 },
      shipping: { amount: 700 },
      tax: { amount: 380 + 133 },
      total: { amount: 2000 + 700 + 513 },
    });
    const express = checkoutRequest([{ variantId: v.id, quantity: 1, unitPrice: 1000 }], {
      shippingMethodId: ship.expressUs,
    });
    expect(((await (await postCheckout(t, express)).json()) as CheckoutResponse).order.totals.shipping.amount).toBe(
      1500,
    );
  });

  it('ships free over the threshold', async () => {
    const v = await stockedVariant(t, 5000);
    const body = (await (
      await postCheckout(t, checkoutRequest([{ variantId: v.id, quantity: 2, unitPrice: 5000 }]))
    ).json()) as CheckoutResponse;
    expect(body.order.totals.shipping.amount).toBe(0);
  });

  it('lets the order token, and only it, read the order', async () => {
    const v = await stockedVariant(t);
    const a = (await (
      await postCheckout(t, checkoutRequest([{ variantId: v.id, quantity: 1, unitPrice: 2500 }]))
    ).json()) as CheckoutResponse;
    const b = (await (
      await postCheckout(t, checkoutRequest([{ variantId: v.id, quantity: 1, unitPrice: 2500 }]))
    ).json()) as CheckoutResponse;
    const own = await getOrder(t, a.order.id, a.orderToken);
    expect(own.status).toBe(200);
    // The order with where its payment stands (cash on delivery: nothing to pay again).
    expect(await own.json()).toEqual({
      ...a.order,
      payment: { id: a.payment.id, status: 'cash_on_delivery', nextAction: null, attempt: 1, retry: null },
    });
    for (const token of [b.orderToken, '', 'garbage', `${a.orderToken}x`]) {
      const res = await getOrder(t, a.order.id, token);
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ error: { code: 'order_not_found' } });
    }
  });
});

describe('stock hints at the edge', () => {
  // Inventory announces the variant's availability; the catalog republishes its product.
  const pendingAnnouncements = (variantId: string) =>
    count(
      sql`select count(*)::int as n from outbox_events where topic = 'inventory.availability_changed'
          and payload->'variantIds' ? ${variantId} and status = 'pending'`,
    );

  it('republishes a product only when an order leaves a variant at or below the low-stock threshold', async () => {
    const plenty = await stockedVariant(t, 2500, 100);
    const scarce = await stockedVariant(t, 2500, 26);
    await t.drain();
    const before = t.publishes.length;
    await postCheckout(t, checkoutRequest([{ variantId: plenty.id, quantity: 1, unitPrice: 2500 }]));
    expect(await pendingAnnouncements(plenty.id)).toBe(0);
    await postCheckout(t, checkoutRequest([{ variantId: scarce.id, quantity: 1, unitPrice: 2500 }]));
    expect(await pendingAnnouncements(scarce.id)).toBe(1);
    await t.drain();
    const republished = t.publishes.slice(before).flatMap((p) => p.products);
    expect(republished.some((p) => p.id === plenty.productId)).toBe(false);
    const published = t.publishes.flatMap((p) => p.products).filter((p) => p.id === scarce.productId);
    expect(published.at(-1)?.variants[0]).toMatchObject({ available: true, availableQuantity: 25 });
  });
});

describe('idempotency', () => {
  it('answers the same key and body with the same order, once', async () => {
    const v = await stockedVariant(t);
    const req = checkoutRequest([{ variantId: v.id, quantity: 2, unitPrice: 2500 }]);
    const first = await (await postCheckout(t, req)).json();
    const again = await postCheckout(t, { ...req, lines: [...req.lines] });
    expect(again.status).toBe(201);
    expect(await again.json()).toEqual(first);
    expect(await count(sql`select count(*)::int as n from orders where cart_id = ${req.cartId}`)).toBe(1);
    expect((await stockOf(t, v.id)).reserved).toBe(2);
  });

  it('refuses the same key with another body with 422 idempotency_key_reused', async () => {
    const v = await stockedVariant(t);
    const req = checkoutRequest([{ variantId: v.id, quantity: 1, unitPrice: 2500 }]);
    await postCheckout(t, req);
    const res = await postCheckout(t, { ...req, email: 'other@example.com' });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ error: { code: 'idempotency_key_reused' } });
  });

  it('allows one order per cart, whatever the key', async () => {
    const v = await stockedVariant(t);
    const req = checkoutRequest([{ variantId: v.id, quantity: 1, unitPrice: 2500 }]);
    await postCheckout(t, req);
    const res = await postCheckout(t, { ...req, idempotencyKey: 'another-key' });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: { code: 'cart_already_ordered' } });
    expect((await stockOf(t, v.id)).reserved).toBe(1);
  });
});

describe('refusals leave nothing behind', () => {
  it('refuses more than is available with 409 out_of_stock, reserving nothing', async () => {
    const plenty = await stockedVariant(t, 2500, 10);
    const scarce = await stockedVariant(t, 2500, 1);
    const req = checkoutRequest([
      { variantId: plenty.id, quantity: 1, unitPrice: 2500 },
      { variantId: scarce.id, quantity: 2, unitPrice: 2500 },
    ]);
    const res = await postCheckout(t, req);
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: { code: 'out_of_stock', variantIds: [scarce.id] } });
    expect((await stockOf(t, plenty.id)).reserved).toBe(0);
    expect(await count(sql`select count(*)::int as n from orders where cart_id = ${req.cartId}`)).toBe(0);
    // The key was not used up: after a restock the same request succeeds.
    await t.admin('PUT', `/admin/inventory/${scarce.id}`, { onHand: 5 });
    expect((await postCheckout(t, req)).status).toBe(201);
  });

  it('refuses changed prices with 409 price_changed and the new totals', async () => {
    const v = await stockedVariant(t, 2500);
    await t.admin('PATCH', `/admin/variants/${v.id}`, { price: { amount: 2700, currency: 'USD' } });
    const res = await postCheckout(t, checkoutRequest([{ variantId: v.id, quantity: 2, unitPrice: 2500 }]));
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({
      error: {
        code: 'price_changed',
        totals: { subtotal: { amount: 5400 }, total: { amount: 5900 } },
        lines: [{ variantId: v.id, unitPrice: { amount: 2700, currency: 'USD' } }],
      },
    });
    expect((await stockOf(t, v.id)).reserved).toBe(0);
  });

  it('refuses archived variants as out of stock', async () => {
    const v = await stockedVariant(t);
    await t.admin('POST', `/admin/variants/${v.id}/archive`);
    const res = await postCheckout(t, checkoutRequest([{ variantId: v.id, quantity: 1, unitPrice: 2500 }]));
    expect(await res.json()).toMatchObject({ error: { code: 'out_of_stock', variantIds: [v.id] } });
  });

  it('refuses unknown shipping methods and destinations without shipping', async () => {
    const v = await stockedVariant(t);
    const line = [{ variantId: v.id, quantity: 1, unitPrice: 2500 }];
    const unknown = await postCheckout(t, checkoutRequest(line, { shippingMethodId: ship.standardDe }));
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 'shipping_method_not_found' } });
    const nowhere = await postCheckout(
      t,
      checkoutRequest(line, { shippingAddress: { name: 'A', line1: 'B', city: 'C', postalCode: 'D', country: 'JP' } }),
    );
    expect(nowhere.status).toBe(422);
    expect(await nowhere.json()).toMatchObject({ error: { code: 'shipping_unavailable' } });
    expect((await stockOf(t, v.id)).reserved).toBe(0);
  });

  it('refuses malformed checkouts with 400', async () => {
    const v = await stockedVariant(t);
    const ok = checkoutRequest([{ variantId: v.id, quantity: 1, unitPrice: 2500 }]);
    const bad: unknown[] = [
      { ...ok, paymentMethod: 'card' },
      { ...ok, card: { token: 'tok_visa' } },
      { ...ok, paymentMethod: 'bitcoin' },
      { ...ok, email: 'not-an-email' },
      { ...ok, shippingAddress: { ...ok.shippingAddress, country: 'usa' } },
      { ...ok, lines: [] },
      { ...ok, lines: [...ok.lines, ...ok.lines] },
      { ...ok, lines: [{ ...ok.lines[0], quantity: 0 }] },
      { ...ok, lines: [{ ...ok.lines[0], unitPrice: { amount: 25.5, currency: 'USD' } }] },
      { ...ok, extra: true },
    ];
    for (const body of bad) {
      const res = await postCheckout(t, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    expect((await stockOf(t, v.id)).reserved).toBe(0);
  });
});
