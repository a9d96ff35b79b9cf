/**
 * The money path end to end, as a shopper and a merchant with curl would walk it: the real edge
 * (`wrangler dev`), the real origin, and the sandbox card processor and carrier as separate
 * processes talking signed HTTP to the origin, exactly as real providers would. Run against one
 * origin on PGlite (e2e/money-path.test.ts) and against the shop split into subsystems behind
 * HAProxy on PostgreSQL and Redis (test/cluster/split-money-path.test.ts).
 */

import type { InferRequestType } from 'hono/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckoutResponse } from '../../contract/orders';
import type { ShopperClient } from '../../edge/api/shopper-client';
import { LOAD_TEST_LIMITS, type Stack, type StackOptions, startStack } from '../../scripts/lib/stack.mjs';
import { adminApi, answer, expectStatus, shopperApi, until } from '../../test/support/http';
import { deliveryTests } from './money-path-delivery';

let stack: Stack;
/** The shopper API at the edge and the admin API at the origin, typed by their definitions. */
let shop: ReturnType<typeof shopperApi>;
let adminClient: ReturnType<typeof adminApi>;
const variants: { id: string; price: number }[] = [];

const address = {
  name: 'Grace Hopper',
  line1: '1 Compiler Way',
  city: 'Arlington',
  postalCode: '22201',
  country: 'US',
};

type CheckoutBody = InferRequestType<ShopperClient['api']['carts'][':id']['checkout']['$post']>['json'];

/** A cart with `lines` through the edge, checked out with `payment`; returns the answer. */
async function checkout(
  lines: { variant: number; quantity: number }[],
  payment: CheckoutBody extends infer B ? (B extends unknown ? Omit<B, 'email' | 'shippingAddress'> : never) : never,
): Promise<CheckoutResponse> {
  const cartId = (await expectStatus(shop.api.carts.$post(), 201)).id;
  for (const line of lines) {
    const v = variants[line.variant] as { id: string };
    const added = await shop.api.carts[':id'].items.$post({
      param: { id: cartId },
      json: { variantId: v.id, quantity: line.quantity },
    });
    expect(added.status).toBe(200);
  }
  return expectStatus(
    shop.api.carts[':id'].checkout.$post(
      {
        param: { id: cartId },
        json: { email: 'grace@example.com', shippingAddress: address, ...payment } as CheckoutBody,
      },
      { headers: { 'idempotency-key': `mp-${cartId}` } },
    ),
    201,
  );
}

/** The order token's holder, as request options of the shopper client. */
const holder = (placed: CheckoutResponse) => ({ headers: { authorization: `Bearer ${placed.orderToken}` } });

type PaymentBody = InferRequestType<ShopperClient['api']['orders'][':id']['payment']['$post']>['json'];
/** `POST /api/orders/:id/payment` as the order token's holder, under `key`. */
const payAgain = (placed: CheckoutResponse, json: PaymentBody, key: string) =>
  shop.api.orders[':id'].payment.$post(
    { param: { id: placed.order.id }, json },
    { headers: { ...holder(placed).headers, 'idempotency-key': key } },
  );

const orderAtEdge = (placed: CheckoutResponse) =>
  answer(
    shop.api.orders[':id'].$get(
      { param: { id: placed.order.id } },
      { headers: { authorization: `Bearer ${placed.orderToken}` } },
    ),
  );
/** The order as its token's holder reads it at the edge (null: any other answer). */
const orderBody = async (placed: CheckoutResponse) => {
  const order = await orderAtEdge(placed);
  return order.status === 200 ? order.body : null;
};
const statusAtEdge = async (placed: CheckoutResponse) => (await orderBody(placed))?.status;
const paymentsOf = async (orderId: string) =>
  expectStatus(adminClient.admin.orders[':id'].payments.$get({ param: { id: orderId }, query: {} }), 200);

/** What the money path's later tests read: the running stack, its clients and the helpers above. */
export const moneyPathContext = {
  get stack() {
    return stack;
  },
  get shop() {
    return shop;
  },
  get adminClient() {
    return adminClient;
  },
  variants,
  address,
  checkout,
  holder,
  payAgain,
  orderAtEdge,
  orderBody,
  statusAtEdge,
  paymentsOf,
};
export type MoneyPathContext = typeof moneyPathContext;

/** The stack every run of the money path starts from; a caller adds its own options. */
export const MONEY_PATH_STACK: StackOptions = {
  edgeVars: LOAD_TEST_LIMITS,
  seedProducts: 24,
  log: Boolean(process.env.E2E_LOG),
  originEnv: { OUTBOX_POLL_MS: '100' },
  sandboxEnv: { SANDBOX_CARD_DELAY_MS: '50', SANDBOX_CARRIER_STEP_MS: '0' },
};

/**
 * Registers the money path's tests on a stack started with `options()` added to
 * MONEY_PATH_STACK; `cleanup` runs after the stack stopped.
 */
export function moneyPath(
  options: () => Promise<StackOptions> = async () => ({}),
  cleanup: () => Promise<void> = async () => {},
): void {
  beforeAll(async () => {
    stack = await startStack({ ...MONEY_PATH_STACK, ...(await options()) });
    shop = shopperApi(stack.edgeUrl);
    adminClient = adminApi(stack.originUrl, stack.adminToken);
    const list = await expectStatus(shop.api.products.$get({ query: { limit: '24' } }), 200);
    for (const item of list.items) {
      const product = await expectStatus(shop.api.products[':slug'].$get({ param: { slug: item.slug } }), 200);
      // Cheap enough for cash on delivery (COD_MAX_AMOUNT, 500.00 by default).
      const v = product.variants.find((x) => x.available && x.price.amount <= 20_000);
      if (v) variants.push({ id: v.id, price: v.price.amount });
      if (variants.length === 6) break;
    }
    expect(variants.length).toBe(6);
  }, 180_000);
  afterAll(async () => {
    await stack?.stop();
    await cleanup();
  }, 60_000);

  describe('card payments through the edge', () => {
    it('pays a card order: processing at checkout, then paid', async () => {
      const placed = await checkout([{ variant: 0, quantity: 1 }], {
        paymentMethod: 'card',
        card: { token: 'tok_visa' },
      });
      expect(placed.payment).toMatchObject({ status: 'processing', nextAction: null });
      await until(
        () => statusAtEdge(placed),
        (s) => s === 'paid',
        'the card order to be paid',
      );
      const payments = await paymentsOf(placed.order.id);
      expect(payments.items[0]).toMatchObject({ status: 'captured', captured: placed.order.totals.total });
    });

    it('keeps a declined card order, its stock held, and takes another card for it through the edge', async () => {
      const available = async () =>
        (
          await expectStatus(
            adminClient.admin.inventory[':variantId'].$get({ param: { variantId: variants[1]?.id as string } }),
            200,
          )
        ).available;
      const before = await available();
      const placed = await checkout([{ variant: 1, quantity: 1 }], {
        paymentMethod: 'card',
        card: { token: 'tok_decline' },
      });
      const declined = await until(
        async () => await orderBody(placed),
        (o) => o?.payment?.status === 'failed',
        'the decline to show in the order',
      );
      expect(declined).toMatchObject({
        status: 'pending_payment',
        payment: { failureCode: 'card_declined', attempt: 1, retry: { methods: ['card', 'cod'] } },
      });
      expect(await available()).toBe(before - 1);

      const pay = (body: PaymentBody, key: string) => payAgain(placed, body, key);
      const retried = await expectStatus(
        pay({ paymentMethod: 'card', card: { token: 'tok_visa' } }, `pay-${placed.order.id}`),
        201,
      );
      expect(retried.payment).toMatchObject({ status: 'processing' });
      const again = await expectStatus(
        pay({ paymentMethod: 'card', card: { token: 'tok_visa' } }, `pay-${placed.order.id}`),
        201,
      );
      expect(again.payment.id).toBe(retried.payment.id);
      await until(
        () => statusAtEdge(placed),
        (s) => s === 'paid',
        'the order to be paid by the second card',
      );
      const payments = await paymentsOf(placed.order.id);
      expect(payments.items.map((p: { status: string }) => p.status)).toEqual(['failed', 'captured']);
      expect(await available()).toBe(before - 1);
      const late = await answer(pay({ paymentMethod: 'cod' }, `pay-late-${placed.order.id}`));
      expect(late).toMatchObject({ status: 409, body: { error: { code: 'order_not_awaiting_payment' } } });
    });

    it('switches a declined card order to cash on delivery through the edge', async () => {
      const placed = await checkout([{ variant: 1, quantity: 1 }], {
        paymentMethod: 'card',
        card: { token: 'tok_insufficient_funds' },
      });
      await until(
        async () => (await orderBody(placed))?.payment?.status,
        (s) => s === 'failed',
        'the decline',
      );
      const switched = await expectStatus(payAgain(placed, { paymentMethod: 'cod' }, 'cod'), 201);
      expect(switched).toMatchObject({
        order: { status: 'confirmed', paymentMethod: 'cod' },
        payment: { status: 'cash_on_delivery' },
      });
      expect(await orderBody(placed)).toMatchObject({ status: 'confirmed', paymentMethod: 'cod' });
    });

    it('sends the shopper through 3-D Secure (nextAction) and is paid after it', async () => {
      const placed = await checkout([{ variant: 2, quantity: 1 }], {
        paymentMethod: 'card',
        card: { token: 'tok_3ds' },
      });
      expect(placed.payment.status).toBe('requires_action');
      const url = String(placed.payment.nextAction?.url);
      expect(url.startsWith(stack.cardUrl)).toBe(true);
      const page = await fetch(url);
      expect(await page.text()).toContain('form');
      // The processor sends the browser back to the shop's order page, by its link.
      const done = await fetch(url, {
        method: 'POST',
        body: new URLSearchParams({ outcome: 'approve' }),
        redirect: 'manual',
      });
      expect(done.status).toBe(303);
      const back = new URL(done.headers.get('location') ?? '');
      expect(`${back.origin}${back.pathname}`).toBe(`${stack.edgeUrl}/orders/${placed.order.id}`);
      expect(back.searchParams.get('token')).toBe(placed.orderToken);
      const orderPage = await fetch(back);
      expect(orderPage.status).toBe(200);
      expect(await orderPage.text()).toContain(`Order ${placed.order.id}`);
      await until(
        () => statusAtEdge(placed),
        (s) => s === 'paid',
        'the 3-D Secure order to be paid',
      );
    });

    it('refunds part, then the rest, once each, and marks the order refunded', async () => {
      const placed = await checkout([{ variant: 3, quantity: 2 }], {
        paymentMethod: 'card',
        card: { token: 'tok_visa' },
      });
      await until(
        () => statusAtEdge(placed),
        (s) => s === 'paid',
        'the order to be paid',
      );
      const total = placed.order.totals.total.amount;
      const refund = (key: string, json: { amount?: number; reason?: string }) =>
        adminClient.admin.orders[':id'].refunds.$post({
          param: { id: placed.order.id },
          header: { 'idempotency-key': key },
          json,
        });
      expect((await refund('part', { amount: 100, reason: 'scratched box' })).status).toBe(201);
      expect((await refund('part', { amount: 100, reason: 'scratched box' })).status).toBe(200);
      await until(
        async () => (await paymentsOf(placed.order.id)).items[0]?.refunded.amount,
        (a) => a === 100,
        'the partial refund',
      );
      expect(await statusAtEdge(placed)).toBe('paid');
      expect((await refund('rest', {})).status).toBe(201);
      await until(
        () => statusAtEdge(placed),
        (s) => s === 'refunded',
        'the order to be refunded',
      );
      const payments = await paymentsOf(placed.order.id);
      expect(payments.items[0]?.refunded.amount).toBe(total);
      expect(payments.refunds.map((r: { amount: { amount: number } }) => r.amount.amount)).toEqual([100, total - 100]);
    });
  });

  deliveryTests(moneyPathContext);
}
