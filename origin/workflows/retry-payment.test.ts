/**
 * Paying an order again after a declined card, through the signed internal route the edge calls,
 * against the sandbox card processor (its real HTTP API and signed webhooks). Refusals,
 * validation and who may ask are in retry-payment.errors.test.ts; concurrent attempts on real
 * PostgreSQL in test/services/payments.test.ts.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckoutResponse, PaymentRetryResponse, ShopperOrder } from '../../contract/orders';
import { signatureHeader } from '../../sandbox/lib/signing';
import {
  checkoutRequest,
  getOrder,
  postCheckout,
  postPaymentRetry,
  setupShipping,
  stockedVariant,
  stockOf,
} from '../../test/support/checkout';
import { CARD_WEBHOOK_SECRET, type PaymentsHarness, startPaymentsOrigin } from '../../test/support/payments';

let t: PaymentsHarness;
beforeAll(async () => {
  t = await startPaymentsOrigin();
  await setupShipping(t);
});
afterAll(() => t.close());

/** A card order of 2 × 2500 + 500 shipping whose payment with `token` has run its course. */
async function declinedOrder(token = 'tok_decline') {
  const variant = await stockedVariant(t);
  const res = await postCheckout(
    t,
    checkoutRequest([{ variantId: variant.id, quantity: 2, unitPrice: 2500 }], {
      paymentMethod: 'card',
      card: { token },
    }),
  );
  expect(res.status).toBe(201);
  const placed = (await res.json()) as CheckoutResponse;
  await t.settle();
  return { placed, variant };
}

const retry = async (placed: CheckoutResponse, body: Record<string, unknown>, key = `k-${crypto.randomUUID()}`) =>
  postPaymentRetry(t, placed.order.id, placed.orderToken, { idempotencyKey: key, ...body });
const view = async (placed: CheckoutResponse) =>
  (await (await getOrder(t, placed.order.id, placed.orderToken)).json()) as ShopperOrder;
const adminOrder = async (id: string) =>
  (await (await t.admin('GET', `/admin/orders/${id}`)).json()) as {
    status: string;
    paymentMethod: string;
    history: { from: string | null; to: string; reason: string }[];
  };
const paymentsOf = async (id: string) =>
  (await (await t.admin('GET', `/admin/orders/${id}/payments`)).json()) as {
    items: {
      id: string;
      attempt: number;
      status: string;
      method: string;
      providerRef: string | null;
      failureCode: string | null;
    }[];
    refunds: { paymentId: string; reason: string; amount: { amount: number; currency: string } }[];
  };
const intentOf = async (ref: string | null) =>
  (await (await t.cardApi('GET', `/v1/payment_intents/${ref}`)).json()) as { status: string; reference: string };
const eventsOf = async (orderId: string) =>
  (
    (await (await t.cardApi('GET', '/v1/events')).json()) as {
      items: { type: string; data: { object: { id: string; reference?: string } } }[];
    }
  ).items.filter((e) => e.data.object.reference === orderId);

describe('paying a declined order again', () => {
  it('shows the declined payment and what the shopper may do, until when', async () => {
    const { placed } = await declinedOrder();
    const order = await view(placed);
    expect(order.status).toBe('pending_payment');
    expect(order.payment).toMatchObject({
      id: placed.payment.id,
      status: 'failed',
      failureCode: 'card_declined',
      attempt: 1,
      retry: { methods: ['card', 'cod'] },
    });
    const until = new Date(order.payment?.retry?.until ?? 0).getTime();
    expect(until).toBeGreaterThan(Date.now());
    expect(until).toBeLessThanOrEqual(Date.now() + t.config.reservationTtlSeconds * 1000);
  });

  it('pays with another card: a second attempt, then paid, charged once', async () => {
    const { placed, variant } = await declinedOrder();
    const res = await retry(placed, { paymentMethod: 'card', card: { token: 'tok_visa' } });
    expect(res.status).toBe(201);
    const answer = (await res.json()) as PaymentRetryResponse;
    expect(answer.order).toMatchObject({ id: placed.order.id, status: 'pending_payment', paymentMethod: 'card' });
    expect(answer.payment).toMatchObject({ status: 'processing', nextAction: null });
    expect(answer.payment.id).not.toBe(placed.payment.id);
    await t.settle();

    const order = await adminOrder(placed.order.id);
    expect(order.status).toBe('paid');
    expect(order.history.map((h) => h.reason)).toEqual([
      'placed',
      'payment_failed:card_declined',
      'payment_attempt:2:card',
      'payment_authorized',
      'payment_captured',
    ]);
    const payments = await paymentsOf(placed.order.id);
    expect(payments.items.map((p) => [p.attempt, p.id, p.status])).toEqual([
      [1, placed.payment.id, 'failed'],
      [2, answer.payment.id, 'captured'],
    ]);
    expect(payments.refunds).toEqual([]);
    const events = await eventsOf(placed.order.id);
    expect(events.filter((e) => e.type === 'payment_intent.captured')).toHaveLength(1);
    expect(await stockOf(t, variant.id)).toMatchObject({ reserved: 2, available: 8 });
    expect((await view(placed)).payment).toMatchObject({ id: answer.payment.id, status: 'captured', retry: null });
  });

  it('switches to cash on delivery: confirmed as a COD order, its stock kept past the deadline', async () => {
    const { placed, variant } = await declinedOrder();
    const res = await retry(placed, { paymentMethod: 'cod' });
    expect(res.status).toBe(201);
    const answer = (await res.json()) as PaymentRetryResponse;
    expect(answer.order).toMatchObject({ status: 'confirmed', paymentMethod: 'cod' });
    expect(answer.payment).toMatchObject({ status: 'cash_on_delivery', nextAction: null });
    const order = await adminOrder(placed.order.id);
    expect(order).toMatchObject({ status: 'confirmed', paymentMethod: 'cod' });
    expect(order.history.at(-1)).toMatchObject({
      from: 'pending_payment',
      to: 'confirmed',
      reason: 'payment_attempt:2:cod',
    });
    // The old deadline changes nothing any more: a COD order has none.
    await t.origin.database.db.execute(
      sql`update outbox_events set available_at = now() where topic = 'order.payment_deadline' and aggregate_id = ${placed.order.id}`,
    );
    await t.settle();
    expect((await adminOrder(placed.order.id)).status).toBe('confirmed');
    expect(await stockOf(t, variant.id)).toMatchObject({ reserved: 2 });
    expect((await paymentsOf(placed.order.id)).items.map((p) => [p.method, p.status])).toEqual([
      ['card', 'failed'],
      ['cod', 'pending_collection'],
    ]);
  });

  it('answers the same Idempotency-Key with the same attempt, as it is now', async () => {
    const { placed } = await declinedOrder();
    const body = { paymentMethod: 'card', card: { token: 'tok_visa' } };
    const first = (await (await retry(placed, body, 'same-key')).json()) as PaymentRetryResponse;
    const again = await retry(placed, body, 'same-key');
    expect(again.status).toBe(201);
    expect(((await again.json()) as PaymentRetryResponse).payment.id).toBe(first.payment.id);
    await t.settle();
    const replay = (await (await retry(placed, body, 'same-key')).json()) as PaymentRetryResponse;
    expect(replay.payment).toMatchObject({ id: first.payment.id, status: 'captured' });
    expect((await paymentsOf(placed.order.id)).items).toHaveLength(2);
  });

  it('sends a retried 3-D Secure payment back to the order page, then pays', async () => {
    const { placed } = await declinedOrder();
    const answer = (await (
      await retry(placed, { paymentMethod: 'card', card: { token: 'tok_3ds' } })
    ).json()) as PaymentRetryResponse;
    expect(answer.payment.status).toBe('requires_action');
    const done = await t.card.fetch(
      new Request(String(answer.payment.nextAction?.url), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'outcome=approve',
      }),
    );
    expect(done.status).toBe(303);
    const back = new URL(done.headers.get('location') ?? '');
    expect(`${back.origin}${back.pathname}`).toBe(`${t.config.customers.publicStoreUrl}/orders/${placed.order.id}`);
    expect(back.searchParams.get('token')).toBe(placed.orderToken);
    await t.settle();
    expect((await adminOrder(placed.order.id)).status).toBe('paid');
  });

  it('may try again after a second decline, each attempt in the history', async () => {
    const { placed } = await declinedOrder();
    expect((await retry(placed, { paymentMethod: 'card', card: { token: 'tok_insufficient_funds' } })).status).toBe(
      201,
    );
    await t.settle();
    expect((await view(placed)).payment).toMatchObject({ status: 'failed', failureCode: 'insufficient_funds' });
    expect((await retry(placed, { paymentMethod: 'card', card: { token: 'tok_visa' } })).status).toBe(201);
    await t.settle();
    const order = await adminOrder(placed.order.id);
    expect(order.status).toBe('paid');
    expect(order.history.map((h) => h.reason).filter((r) => r.startsWith('payment_'))).toEqual([
      'payment_failed:card_declined',
      'payment_attempt:2:card',
      'payment_failed:insufficient_funds',
      'payment_attempt:3:card',
      'payment_authorized',
      'payment_captured',
    ]);
  });

  it('cancels at the provider the attempt it replaces when that one is still open there', async () => {
    // A token the provider refused leaves its intent waiting for a confirmation there.
    const { placed } = await declinedOrder('tok_nonsense');
    const first = (await paymentsOf(placed.order.id)).items[0];
    expect(await intentOf(first?.providerRef ?? null)).toMatchObject({ status: 'requires_confirmation' });
    expect((await retry(placed, { paymentMethod: 'card', card: { token: 'tok_visa' } })).status).toBe(201);
    await t.settle();
    expect(await intentOf(first?.providerRef ?? null)).toMatchObject({ status: 'cancelled' });
    expect((await adminOrder(placed.order.id)).status).toBe('paid');
    expect((await paymentsOf(placed.order.id)).items.map((p) => p.status)).toEqual(['failed', 'captured']);
  });

  it('refunds an attempt that the provider captures after it was replaced, and the order stays paid', async () => {
    const { placed } = await declinedOrder();
    expect((await retry(placed, { paymentMethod: 'card', card: { token: 'tok_visa' } })).status).toBe(201);
    await t.settle();
    const [first] = (await paymentsOf(placed.order.id)).items;
    // The provider reports money taken on the replaced attempt after all (signed as it signs).
    const total = placed.order.totals.total.amount;
    const body = JSON.stringify({
      id: `evt_late_${placed.order.id}`,
      type: 'payment_intent.captured',
      createdAt: new Date().toISOString(),
      data: {
        object: {
          id: first?.providerRef,
          amount: total,
          amountCaptured: total,
          status: 'captured',
          failureCode: null,
          nextAction: null,
        },
      },
    });
    const res = await t.origin.app.request('/webhooks/payments/sandbox-card', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'sandbox-signature': await signatureHeader(CARD_WEBHOOK_SECRET, body),
      },
      body,
    });
    expect(res.status).toBe(200);
    await t.settle();
    const payments = await paymentsOf(placed.order.id);
    expect(payments.items.map((p) => p.status)).toEqual(['captured', 'captured']);
    expect(payments.refunds).toEqual([
      expect.objectContaining({
        paymentId: first?.id,
        reason: 'attempt_superseded',
        amount: placed.order.totals.total,
      }),
    ]);
    expect((await adminOrder(placed.order.id)).status).toBe('paid');
  });
});
