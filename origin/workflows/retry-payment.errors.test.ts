/**
 * Paying an order again: every refusal is a 4xx with a code and leaves nothing behind (no
 * attempt, no history entry, the order as it was), and whoever is not the order's shopper gets
 * the same 404 as for an order that does not exist.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckoutResponse } from '../../contract/orders';
import {
  checkoutRequest,
  postCheckout,
  postPaymentRetry,
  setupShipping,
  stockedVariant,
} from '../../test/support/checkout';
import { type PaymentsHarness, startPaymentsOrigin } from '../../test/support/payments';

let t: PaymentsHarness;
beforeAll(async () => {
  t = await startPaymentsOrigin();
  await setupShipping(t);
});
afterAll(() => t.close());

async function cardOrder(token: string, settle = true) {
  const variant = await stockedVariant(t);
  const res = await postCheckout(
    t,
    checkoutRequest([{ variantId: variant.id, quantity: 2, unitPrice: 2500 }], {
      paymentMethod: 'card',
      card: { token },
    }),
  );
  const placed = (await res.json()) as CheckoutResponse;
  if (settle) await t.settle();
  return placed;
}

const visa = { paymentMethod: 'card', card: { token: 'tok_visa' } };
const retry = (placed: CheckoutResponse, body: Record<string, unknown>, key = `k-${crypto.randomUUID()}`) =>
  postPaymentRetry(t, placed.order.id, placed.orderToken, { idempotencyKey: key, ...body });

/** What a refusal must leave untouched: the order's status, history and payments. */
async function footprint(orderId: string) {
  const order = (await (await t.admin('GET', `/admin/orders/${orderId}`)).json()) as {
    status: string;
    paymentMethod: string;
    history: unknown[];
  };
  const payments = (await (await t.admin('GET', `/admin/orders/${orderId}/payments`)).json()) as { items: unknown[] };
  return { status: order.status, method: order.paymentMethod, history: order.history.length, payments: payments.items };
}

async function expectRefused(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(await res.json()).toMatchObject({ error: { code, message: expect.any(String) } });
}

describe('paying an order again: refusals', () => {
  it('refuses once the payment deadline has passed (409), and once the order is cancelled for it', async () => {
    const placed = await cardOrder('tok_decline');
    await t.origin.database.db.execute(
      sql`update orders set reservation_expires_at = now() - interval '1 second' where id = ${placed.order.id}`,
    );
    const before = await footprint(placed.order.id);
    await expectRefused(await retry(placed, visa), 409, 'payment_deadline_passed');
    await expectRefused(await retry(placed, { paymentMethod: 'cod' }), 409, 'payment_deadline_passed');
    expect(await footprint(placed.order.id)).toEqual(before);
    await t.origin.database.db.execute(
      sql`update outbox_events set available_at = now() where topic = 'order.payment_deadline' and aggregate_id = ${placed.order.id}`,
    );
    await t.settle();
    await expectRefused(await retry(placed, visa), 409, 'order_cancelled');
  });

  it('refuses a paid order (409 order_not_awaiting_payment) and one whose payment is under way', async () => {
    const placed = await cardOrder('tok_visa', false);
    await expectRefused(await retry(placed, visa), 409, 'payment_in_progress');
    await t.settle();
    await expectRefused(await retry(placed, { paymentMethod: 'cod' }), 409, 'order_not_awaiting_payment');
    expect((await footprint(placed.order.id)).payments).toHaveLength(1);
  });

  it('refuses another attempt while 3-D Secure waits for the shopper', async () => {
    const placed = await cardOrder('tok_3ds');
    const res = await retry(placed, visa);
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({
      error: { code: 'payment_in_progress', paymentStatus: 'requires_action' },
    });
  });

  it('refuses a cancelled order and a cash-on-delivery order', async () => {
    const declined = await cardOrder('tok_decline');
    expect((await t.admin('POST', `/admin/orders/${declined.order.id}/cancel`, {})).status).toBe(200);
    await expectRefused(await retry(declined, visa), 409, 'order_cancelled');
    const variant = await stockedVariant(t);
    const cod = (await (
      await postCheckout(t, checkoutRequest([{ variantId: variant.id, quantity: 1, unitPrice: 2500 }]))
    ).json()) as CheckoutResponse;
    await expectRefused(await retry(cod, visa), 409, 'order_not_awaiting_payment');
  });

  it('refuses cash on delivery where the rules do not offer it for the order (422 with what is)', async () => {
    const placed = await cardOrder('tok_decline');
    expect((await t.admin('PUT', '/admin/payment-methods/cod', { enabled: true, maxAmount: 5000 })).status).toBe(200);
    try {
      const before = await footprint(placed.order.id);
      const res = await retry(placed, { paymentMethod: 'cod' });
      expect(res.status).toBe(422);
      expect(await res.json()).toMatchObject({ error: { code: 'payment_method_unavailable', offered: ['card'] } });
      expect(await footprint(placed.order.id)).toEqual(before);
    } finally {
      await t.admin('DELETE', '/admin/payment-methods/cod');
    }
  });

  it('refuses an Idempotency-Key used for another body (422), keeping the first attempt', async () => {
    const placed = await cardOrder('tok_decline');
    expect((await retry(placed, visa, 'reused')).status).toBe(201);
    await expectRefused(await retry(placed, { paymentMethod: 'cod' }, 'reused'), 422, 'idempotency_key_reused');
    expect((await footprint(placed.order.id)).payments).toHaveLength(2);
  });

  it.each([
    ['no idempotency key', { paymentMethod: 'cod' }],
    ['a card attempt without a card', { idempotencyKey: 'k', paymentMethod: 'card' }],
    ['a card with cash on delivery', { idempotencyKey: 'k', paymentMethod: 'cod', card: { token: 'tok_visa' } }],
    ['an unknown method', { idempotencyKey: 'k', paymentMethod: 'iou' }],
    ['an unknown field', { idempotencyKey: 'k', paymentMethod: 'cod', amount: 1 }],
    ['an empty card token', { idempotencyKey: 'k', paymentMethod: 'card', card: { token: '' } }],
    ['an over-long key', { idempotencyKey: 'k'.repeat(256), paymentMethod: 'cod' }],
  ])('answers %s with 400 invalid_request and changes nothing', async (_name, body) => {
    const placed = await cardOrder('tok_decline');
    const before = await footprint(placed.order.id);
    await expectRefused(await postPaymentRetry(t, placed.order.id, placed.orderToken, body), 400, 'invalid_request');
    expect(await footprint(placed.order.id)).toEqual(before);
  });
});

describe('paying an order again: who may', () => {
  it('answers the same 404 for no token, a forged one, another order’s token and an unknown order', async () => {
    const placed = await cardOrder('tok_decline');
    const other = await cardOrder('tok_decline');
    const before = await footprint(placed.order.id);
    const body = { idempotencyKey: 'k-who', ...visa };
    const answers = [
      await postPaymentRetry(t, placed.order.id, '', body, {}),
      await postPaymentRetry(t, placed.order.id, '', body, { 'x-order-token': `${placed.orderToken}x` }),
      await postPaymentRetry(t, placed.order.id, '', body, { 'x-order-token': other.orderToken }),
      await postPaymentRetry(t, 'ord_UNKNOWN', '', body, { 'x-order-token': placed.orderToken }),
      await postPaymentRetry(t, placed.order.id, '', body, { 'x-customer-token': 'not-a-session' }),
    ];
    for (const res of answers) await expectRefused(res, 404, 'order_not_found');
    expect(await footprint(placed.order.id)).toEqual(before);
  });

  it('refuses an unsigned call', async () => {
    const placed = await cardOrder('tok_decline');
    const res = await t.origin.app.request(`/internal/orders/${placed.order.id}/payment`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-order-token': placed.orderToken },
      body: JSON.stringify({ idempotencyKey: 'k', ...visa }),
    });
    expect(res.status).toBe(401);
  });
});
