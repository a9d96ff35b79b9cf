/**
 * Checkout end to end, as a shopper with curl would do it: through the real edge (`wrangler
 * dev`) and the real origin (Bun, PGlite seeded with the demo catalog and its shipping zones).
 * Cash on delivery → the order by its token and in the admin API → stock reserved → the same
 * request with the same key gives the same order → the cart is converted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckoutResponse, Order } from '../contract/orders';
import { LOAD_TEST_LIMITS, type Stack, startStack } from '../scripts/lib/stack.mjs';
import { adminApi, answer, expectStatus, shopperApi, until } from '../test/support/http';

let stack: Stack;
/** The shopper API at the edge and the admin API at the origin, typed by their definitions. */
let shop: ReturnType<typeof shopperApi>;
let admin: ReturnType<typeof adminApi>;

beforeAll(async () => {
  stack = await startStack({ edgeVars: LOAD_TEST_LIMITS, seedProducts: 24, log: Boolean(process.env.E2E_LOG) });
  shop = shopperApi(stack.edgeUrl);
  admin = adminApi(stack.originUrl, stack.adminToken);
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
    paymentMethod: 'cod' as const,
  };
  const checkout = (cart: string, idempotencyKey: string) =>
    shop.api.carts[':id'].checkout.$post(
      { param: { id: cart }, json: checkoutBody },
      { headers: { 'idempotency-key': idempotencyKey } },
    );
  const inventory = (id: string) =>
    expectStatus(admin.admin.inventory[':variantId'].$get({ param: { variantId: id } }), 200);

  it('fills a cart with an available variant', async () => {
    const list = await expectStatus(shop.api.products.$get({ query: { limit: '20' } }), 200);
    let found: { id: string; price: { amount: number }; available: boolean } | undefined;
    for (const item of list.items) {
      const product = await expectStatus(shop.api.products[':slug'].$get({ param: { slug: item.slug } }), 200);
      // Cash on delivery is offered up to COD_MAX_AMOUNT (500.00 by default): two of these must fit.
      found = product.variants.find((v) => v.available && v.price.amount <= 20_000);
      if (found) break;
    }
    if (!found) throw new Error('no available variant in the demo catalog');
    variantId = found.id;
    price = found.price.amount;
    cartId = (await expectStatus(shop.api.carts.$post(), 201)).id;
    const added = await answer(
      shop.api.carts[':id'].items.$post({ param: { id: cartId }, json: { variantId, quantity: 2 } }),
    );
    expect(added.status).toBe(200);
  });

  it('places a cash-on-delivery order and reserves its stock', async () => {
    const before = await inventory(variantId);
    placed = await expectStatus(checkout(cartId, key), 201);
    expect(placed.order.status).toBe('confirmed');
    expect(placed.order.totals.subtotal.amount).toBe(2 * price);
    const { subtotal, shipping, tax, total } = placed.order.totals;
    expect(total.amount).toBe(subtotal.amount + shipping.amount + tax.amount);
    expect(placed.payment).toEqual({
      id: expect.stringMatching(/^pay_/),
      status: 'cash_on_delivery',
      nextAction: null,
    });
    const after = await inventory(variantId);
    expect(after.reserved).toBe(before.reserved + 2);
    expect(after.available).toBe(before.available - 2);
  });

  it('shows the order to the holder of its token and to the merchant, and to nobody else', async () => {
    const order = shop.api.orders[':id'];
    const own = await answer(
      order.$get({ param: { id: placed.order.id } }, { headers: { authorization: `Bearer ${placed.orderToken}` } }),
    );
    expect(own.status).toBe(200);
    // The order, with where its payment stands (cash on delivery: nothing to pay again).
    expect(own.body).toEqual({ ...placed.order, payment: { ...placed.payment, attempt: 1, retry: null } });
    const stranger = await expectStatus(
      order.$get({ param: { id: placed.order.id } }, { headers: { authorization: 'Bearer not-a-token' } }),
      404,
    );
    expect(stranger.error.code).toBe('order_not_found');
    // The admin API documents this answer as any JSON (orders.admin.routes.ts): typed here.
    const merchant = (await expectStatus(admin.admin.orders[':id'].$get({ param: { id: placed.order.id } }), 200)) as {
      history: { to: string }[];
    };
    expect(merchant.history.map((h) => h.to)).toEqual(['confirmed']);
  });

  it('answers the same request with the same key with the same order, and never a second one', async () => {
    const again = await expectStatus(checkout(cartId, key), 201);
    expect(again.order.id).toBe(placed.order.id);
    const mine = await expectStatus(admin.admin.orders.$get({ query: { email: 'ada@example.com' } }), 200);
    // The admin API documents this answer as any JSON (orders.admin.routes.ts): typed here.
    expect((mine as { items: Order[] }).items.map((o) => o.id)).toEqual([placed.order.id]);
  });

  it('refuses further changes to the converted cart', async () => {
    const cart = await expectStatus(shop.api.carts[':id'].$get({ param: { id: cartId } }), 200);
    expect(cart.status).toBe('converted');
    const add = await expectStatus(
      shop.api.carts[':id'].items.$post({ param: { id: cartId }, json: { variantId, quantity: 1 } }),
      409,
    );
    expect(add.error.code).toBe('cart_converted');
  });
});

describe('amounts beyond 32 bits', () => {
  it('checks out a cart worth more than 2^32 minor units exactly, and the cart is converted, never left locked', async () => {
    const unit = 999_999_999;
    const slug = `grand-piano-${Date.now()}`;
    const created = await expectStatus(
      admin.admin.products.$post({
        json: {
          title: 'Concert grand piano',
          slug,
          status: 'active',
          description: 'Priced at the largest unit price the admin API accepts',
          images: [],
          variants: [
            {
              sku: `PIANO-${Date.now()}`,
              title: 'Ebony',
              options: {},
              prices: [{ amount: unit, currency: 'USD' }],
              stock: 50,
            },
          ],
        },
      }),
      201,
    );
    const variant = created.variants[0]?.id as string;
    // Published to the edge through the outbox.
    await until(
      () => answer(shop.api.products[':slug'].$get({ param: { slug } })),
      (r) => r.status === 200,
      'the product at the edge',
    );
    const cart = (await expectStatus(shop.api.carts.$post(), 201)).id;
    const quantity = 20; // CART_MAX_LINE_QUANTITY (wrangler.toml)
    const added = await answer(
      shop.api.carts[':id'].items.$post({ param: { id: cart }, json: { variantId: variant, quantity } }),
    );
    expect(added.status, JSON.stringify(added.body)).toBe(200);
    const res = await answer(
      shop.api.carts[':id'].checkout.$post(
        {
          param: { id: cart },
          json: {
            email: 'collector@example.com',
            shippingAddress: {
              name: 'C. Collector',
              line1: '1 Hall',
              city: 'Boston',
              postalCode: '02118',
              country: 'US',
            },
            paymentMethod: 'card',
            card: { token: 'tok_visa' },
          },
        },
        { headers: { 'idempotency-key': `big-${cart}` } },
      ),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const { subtotal, shipping, tax, total } = (res.body as CheckoutResponse).order.totals;
    expect(subtotal.amount).toBe(unit * quantity);
    expect(subtotal.amount).toBeGreaterThan(2 ** 32);
    expect(total.amount).toBe(subtotal.amount + shipping.amount + tax.amount);
    expect((await expectStatus(shop.api.carts[':id'].$get({ param: { id: cart } }), 200)).status).toBe('converted');
  });
});
