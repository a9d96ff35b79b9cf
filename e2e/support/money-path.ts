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
import { adminApi, answer, call, expectStatus, shopperApi, until } from '../../test/support/http';

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

  /** Moves a parcel one step at the sandbox carrier (its clock is manual in this test). */
  async function advance(carrierRef: string) {
    const res = await call(stack.carrierUrl, `/v1/shipments/${carrierRef}/advance`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.sandboxSecrets.carrierKey}` },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }
  const trackingAtEdge = (placed: CheckoutResponse) =>
    expectStatus(shop.api.orders[':id'].tracking.$get({ param: { id: placed.order.id } }, holder(placed)), 200);

  async function shipLines(orderId: string, lines?: { lineNo: number; quantity: number }[]) {
    const created = await expectStatus(
      adminClient.admin.orders[':id'].shipments.$post({ param: { id: orderId }, json: lines ? { lines } : {} }),
      201,
    );
    const label = await until(
      async () => await expectStatus(adminClient.admin.shipments[':id'].$get({ param: { id: created.id } }), 200),
      (s) => Boolean(s.carrierRef && s.trackingNumber),
      'the label',
    );
    return label as typeof label & { carrierRef: string; trackingNumber: string };
  }

  describe('logistics and cash on delivery through the edge', () => {
    it('ships, tracks and delivers a cash-on-delivery order, settling the cash at delivery', async () => {
      const placed = await checkout([{ variant: 4, quantity: 1 }], { paymentMethod: 'cod' });
      expect(placed.order.status).toBe('confirmed');
      expect(placed.payment.status).toBe('cash_on_delivery');
      const shipment = await shipLines(placed.order.id);
      const steps = ['picked_up', 'in_transit', 'out_for_delivery', 'delivered'];
      for (const step of steps) {
        await advance(shipment.carrierRef);
        await until(
          () => trackingAtEdge(placed),
          (t) => t.shipments[0]?.events.at(-1)?.status === step,
          `tracking to show ${step}`,
        );
      }
      await until(
        () => statusAtEdge(placed),
        (s) => s === 'completed',
        'the order to complete',
      );
      const tracking = await trackingAtEdge(placed);
      expect(tracking).toMatchObject({
        status: 'completed',
        shipments: [{ carrier: 'sandbox-carrier', trackingNumber: shipment.trackingNumber }],
      });
      expect(tracking.shipments[0]?.events.map((e) => e.status)).toEqual(['label_created', ...steps]);
      const payment = await until(
        async () => (await paymentsOf(placed.order.id)).items[0],
        (p) => p?.status === 'captured',
        'the cash to be settled',
      );
      expect(payment?.captured).toEqual(placed.order.totals.total);
      // The admin API documents this answer as any JSON (orders.admin.routes.ts): typed here.
      const merchant = (await expectStatus(
        adminClient.admin.orders[':id'].$get({ param: { id: placed.order.id } }),
        200,
      )) as {
        history: { to: string }[];
      };
      const history = merchant.history.map((h) => h.to);
      expect(history).toEqual(['confirmed', 'fulfilling', 'shipped', 'delivered', 'completed']);
    });

    it('ships a card order in two parcels: shipped only when the second leaves, delivered when both arrive', async () => {
      const placed = await checkout(
        [
          { variant: 5, quantity: 1 },
          { variant: 0, quantity: 1 },
        ],
        { paymentMethod: 'card', card: { token: 'tok_visa' } },
      );
      await until(
        () => statusAtEdge(placed),
        (s) => s === 'paid',
        'the order to be paid',
      );
      const first = await shipLines(placed.order.id, [{ lineNo: 1, quantity: 1 }]);
      await advance(first.carrierRef); // picked up
      await until(
        () => statusAtEdge(placed),
        (s) => s === 'fulfilling',
        'a partly shipped order',
      );
      const second = await shipLines(placed.order.id);
      await advance(second.carrierRef);
      await until(
        () => statusAtEdge(placed),
        (s) => s === 'shipped',
        'the order to be shipped',
      );
      for (let i = 0; i < 3; i++) {
        await advance(first.carrierRef);
        await advance(second.carrierRef);
      }
      await until(
        () => statusAtEdge(placed),
        (s) => s === 'completed',
        'both parcels delivered',
      );
      expect((await trackingAtEdge(placed)).shipments).toHaveLength(2);
    });
  });

  describe('reviews after delivery through the edge', () => {
    it('lets the shopper review a delivered order; once published, the rating shows in the catalog', async () => {
      // A product of its own, so the earlier tests' orders leave its stock and rating alone.
      const made = await expectStatus(
        adminClient.admin.products.$post({
          json: {
            title: 'Reviewed Lamp',
            status: 'active',
            description: 'A lamp to review',
            images: [],
            variants: [
              {
                sku: `LAMP-${Date.now()}`,
                title: 'Brass',
                options: { Finish: 'Brass' },
                prices: [{ amount: 4900, currency: 'USD' }],
                stock: 5,
              },
            ],
          },
        }),
        201,
      );
      variants.push({ id: made.variants[0]?.id as string, price: 4900 });
      const placed = await checkout([{ variant: variants.length - 1, quantity: 1 }], { paymentMethod: 'cod' });
      const productId = placed.order.lines[0]?.productId as string;
      const slug = (await expectStatus(adminClient.admin.products[':id'].$get({ param: { id: productId } }), 200)).slug;
      const order = shop.api.orders[':id'];
      const review = (json: { productId: string; rating: number; title?: string; body?: string }) =>
        answer(order.reviews.$post({ param: { id: placed.order.id }, json }, holder(placed)));
      const early = await review({ productId, rating: 5 });
      expect(early).toMatchObject({ status: 409, body: { error: { code: 'reviews_not_open' } } });

      const shipment = await shipLines(placed.order.id);
      for (const step of ['picked_up', 'in_transit', 'out_for_delivery', 'delivered']) {
        await advance(shipment.carrierRef);
        await until(
          () => trackingAtEdge(placed),
          (t) => t.shipments[0]?.events.at(-1)?.status === step,
          `tracking to show ${step}`,
        );
      }
      const open = await until(
        async () => await expectStatus(order.reviews.$get({ param: { id: placed.order.id } }, holder(placed)), 200),
        (b) => b.open === true,
        'reviews to open on delivery',
      );
      expect(open.items.map((i) => i.productId)).toEqual([productId]);

      const written = await review({ productId, rating: 4, title: 'Solid', body: 'Arrived quickly, works well.' });
      expect(written).toMatchObject({ status: 201, body: { status: 'pending', authorName: 'Grace' } });
      if (written.status !== 201) return;
      const rated = await answer(
        order['delivery-rating'].$put(
          { param: { id: placed.order.id }, json: { rating: 5, comment: 'Friendly driver' } },
          holder(placed),
        ),
      );
      expect(rated).toMatchObject({ status: 200, body: { rating: 5, carriers: ['sandbox-carrier'] } });

      // the merchant publishes it from the moderation queue; the edge shows it within seconds
      const queue = await expectStatus(
        adminClient.admin.reviews.$get({ query: { status: 'pending', productId } }),
        200,
      );
      expect(queue.items.map((r) => r.id)).toEqual([written.body.id]);
      const publish = await adminClient.admin.reviews[':id'].publish.$post({
        param: { id: written.body.id },
        json: {},
      });
      expect(publish.status).toBe(200);
      const product = await until(
        async () => (await answer(shop.api.products[':slug'].$get({ param: { slug } }))).body,
        (p) => (p as { rating?: { count: number } } | null)?.rating?.count === 1,
        'the rating at the edge',
      );
      expect((product as { rating: unknown }).rating).toEqual({ average: 4, count: 1 });
      const reviews = await expectStatus(shop.api.products[':slug'].reviews.$get({ param: { slug }, query: {} }), 200);
      expect(reviews.summary).toMatchObject({ average: 4, count: 1 });
      expect(reviews.items.map((r) => r.title)).toEqual(['Solid']);
      // The admin API documents this answer as any JSON (reviews.admin.routes.ts): typed here.
      const perCarrier = (await expectStatus(
        adminClient.admin['delivery-ratings'].$get({ query: { carrier: 'sandbox-carrier' } }),
        200,
      )) as { items: { orderId: string }[] };
      expect(perCarrier.items.map((i) => i.orderId)).toContain(placed.order.id);
    });
  });
}
