import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckoutResponse } from '../../contract/orders';
import { checkoutRequest, postCheckout, setupShipping, stockedVariant, stockOf } from '../../test/support/checkout';
import { type PaymentsHarness, startPaymentsOrigin } from '../../test/support/payments';

let t: PaymentsHarness;

beforeAll(async () => {
  t = await startPaymentsOrigin();
  await setupShipping(t);
});
afterAll(() => t.close());

async function cardCheckout(token: string, price = 2500) {
  const v = await stockedVariant(t, price);
  const res = await postCheckout(
    t,
    checkoutRequest([{ variantId: v.id, quantity: 2, unitPrice: price }], {
      paymentMethod: 'card',
      card: { token },
    }),
  );
  expect(res.status).toBe(201);
  return { variant: v, body: (await res.json()) as CheckoutResponse };
}

const orderOf = async (id: string) =>
  (await (await t.admin('GET', `/admin/orders/${id}`)).json()) as {
    status: string;
    history: { from: string | null; to: string; reason: string }[];
  };
/** Makes the order's payment deadline due now and lets the queue act on it. */
async function passDeadline(orderId: string) {
  await t.origin.database.db.execute(
    sql`update outbox_events set available_at = now() where topic = 'order.payment_deadline' and aggregate_id = ${orderId}`,
  );
  await t.settle();
}
const paymentsOf = async (id: string) =>
  (await (await t.admin('GET', `/admin/orders/${id}/payments`)).json()) as {
    items: { status: string; providerRef: string; captured: { amount: number }; failureCode: string | null }[];
    refunds: { status: string; amount: { amount: number }; reason: string }[];
  };

describe('card payments through the sandbox provider', () => {
  it('takes a card payment: processing at checkout, then authorised, captured and the order paid', async () => {
    const { body, variant } = await cardCheckout('tok_visa');
    expect(body.order.status).toBe('pending_payment');
    expect(body.payment).toMatchObject({ status: 'processing', nextAction: null });
    await t.settle();
    const order = await orderOf(body.order.id);
    expect(order.status).toBe('paid');
    expect(order.history.map((h) => h.to)).toEqual(['pending_payment', 'confirmed', 'paid']);
    const payments = await paymentsOf(body.order.id);
    expect(payments.items).toEqual([
      expect.objectContaining({
        status: 'captured',
        captured: expect.objectContaining({ amount: body.order.totals.total.amount }),
      }),
    ]);
    const intent = await (await t.cardApi('GET', `/v1/payment_intents/${payments.items[0]?.providerRef}`)).json();
    expect(intent).toMatchObject({
      status: 'captured',
      reference: body.order.id,
      amountCaptured: body.order.totals.total.amount,
    });
    expect(await stockOf(t, variant.id)).toMatchObject({ reserved: 2, available: 8 });
  });

  it('keeps a declined order waiting for another payment, its stock held, until its deadline', async () => {
    const { body, variant } = await cardCheckout('tok_decline');
    await t.settle();
    const order = await orderOf(body.order.id);
    expect(order.status).toBe('pending_payment');
    expect(order.history.at(-1)).toMatchObject({
      from: 'pending_payment',
      to: 'pending_payment',
      reason: 'payment_failed:card_declined',
    });
    expect((await paymentsOf(body.order.id)).items[0]).toMatchObject({
      status: 'failed',
      failureCode: 'card_declined',
    });
    expect(await stockOf(t, variant.id)).toMatchObject({ reserved: 2, available: 8 });
    await passDeadline(body.order.id);
    expect((await orderOf(body.order.id)).history.at(-1)).toMatchObject({ to: 'cancelled', reason: 'payment_timeout' });
    expect(await stockOf(t, variant.id)).toMatchObject({ reserved: 0, available: 10 });
  });

  it('reports insufficient funds the same way', async () => {
    const { body } = await cardCheckout('tok_insufficient_funds');
    await t.settle();
    expect((await orderOf(body.order.id)).history.at(-1)?.reason).toBe('payment_failed:insufficient_funds');
  });

  it('fails an unknown card token at once, in the checkout answer, and keeps the order payable', async () => {
    const { body, variant } = await cardCheckout('tok_nonsense');
    expect(body.payment).toMatchObject({ status: 'failed', failureCode: 'invalid_card_token' });
    await t.settle();
    expect((await orderOf(body.order.id)).status).toBe('pending_payment');
    expect(await stockOf(t, variant.id)).toMatchObject({ reserved: 2 });
  });

  it('returns the 3-D Secure step as nextAction and is paid once the shopper completes it', async () => {
    const { body } = await cardCheckout('tok_3ds');
    expect(body.payment.status).toBe('requires_action');
    const url = String(body.payment.nextAction?.url);
    expect(body.payment.nextAction).toMatchObject({ type: 'redirect_to_url' });
    await t.settle();
    expect((await orderOf(body.order.id)).status).toBe('pending_payment');
    const done = await t.card.fetch(
      new Request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"outcome":"approve"}',
      }),
    );
    expect(done.status).toBe(200);
    await t.settle();
    expect((await orderOf(body.order.id)).status).toBe('paid');
  });

  it('keeps the order payable when the shopper fails 3-D Secure', async () => {
    const { body, variant } = await cardCheckout('tok_3ds');
    await t.card.fetch(
      new Request(String(body.payment.nextAction?.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"outcome":"fail"}',
      }),
    );
    await t.settle();
    expect((await paymentsOf(body.order.id)).items[0]).toMatchObject({ failureCode: 'authentication_failed' });
    expect((await orderOf(body.order.id)).history.at(-1)).toMatchObject({
      to: 'pending_payment',
      reason: 'payment_failed:authentication_failed',
    });
    expect(await stockOf(t, variant.id)).toMatchObject({ reserved: 2 });
  });

  it('sends the shopper back to the order page, by its link, once 3-D Secure is done', async () => {
    const { body } = await cardCheckout('tok_3ds');
    const url = String(body.payment.nextAction?.url);
    const done = await t.card.fetch(
      new Request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'outcome=approve',
      }),
    );
    expect(done.status).toBe(303);
    const back = new URL(done.headers.get('location') ?? '');
    expect(`${back.origin}${back.pathname}`).toBe(`${t.config.customers.publicStoreUrl}/orders/${body.order.id}`);
    expect(back.searchParams.get('token')).toBe(body.orderToken);
    await t.settle();
    expect((await orderOf(body.order.id)).status).toBe('paid');
  });

  it('releases an abandoned 3-D Secure payment at its deadline and cancels the intent at the provider', async () => {
    const { body, variant } = await cardCheckout('tok_3ds');
    await t.settle();
    await passDeadline(body.order.id);
    expect((await orderOf(body.order.id)).history.at(-1)).toMatchObject({ to: 'cancelled', reason: 'payment_timeout' });
    expect(await stockOf(t, variant.id)).toMatchObject({ reserved: 0 });
    const payment = (await paymentsOf(body.order.id)).items[0];
    expect(payment?.status).toBe('cancelled');
    const intent = await (await t.cardApi('GET', `/v1/payment_intents/${payment?.providerRef}`)).json();
    expect(intent).toMatchObject({ status: 'cancelled' });
  });

  it('refunds automatically a payment captured for an order cancelled meanwhile', async () => {
    const { body } = await cardCheckout('tok_visa');
    // The provider authorises and captures while the merchant cancels, before any webhook is applied.
    await t.card.idle();
    expect((await t.admin('POST', `/admin/orders/${body.order.id}/cancel`, {})).status).toBe(200);
    await t.settle();
    const payments = await paymentsOf(body.order.id);
    expect(payments.items[0]).toMatchObject({ status: 'captured' });
    expect(payments.refunds).toEqual([
      expect.objectContaining({
        status: 'succeeded',
        reason: 'order_cancelled',
        amount: expect.objectContaining({ amount: body.order.totals.total.amount }),
      }),
    ]);
    const intent = await (await t.cardApi('GET', `/v1/payment_intents/${payments.items[0]?.providerRef}`)).json();
    expect(intent).toMatchObject({ amountRefunded: body.order.totals.total.amount });
    expect((await orderOf(body.order.id)).status).toBe('cancelled');
  });

  it('refunds a paid order in full when the merchant cancels it', async () => {
    const { body, variant } = await cardCheckout('tok_visa');
    await t.settle();
    expect((await orderOf(body.order.id)).status).toBe('paid');
    expect((await t.admin('POST', `/admin/orders/${body.order.id}/cancel`, {})).status).toBe(200);
    await t.settle();
    const payments = await paymentsOf(body.order.id);
    expect(payments.refunds).toEqual([
      expect.objectContaining({
        status: 'succeeded',
        reason: 'order_cancelled',
        amount: expect.objectContaining({ amount: body.order.totals.total.amount }),
      }),
    ]);
    expect(await stockOf(t, variant.id)).toMatchObject({ reserved: 0, available: 10 });
  });

  it('answers a retried checkout with the same order and the payment as it is now, charging once', async () => {
    const v = await stockedVariant(t);
    const req = checkoutRequest([{ variantId: v.id, quantity: 1, unitPrice: 2500 }], {
      paymentMethod: 'card',
      card: { token: 'tok_visa' },
    });
    const first = (await (await postCheckout(t, req)).json()) as CheckoutResponse;
    await t.settle();
    const again = (await (await postCheckout(t, req)).json()) as CheckoutResponse;
    expect(again.order.id).toBe(first.order.id);
    expect(again.payment).toMatchObject({ id: first.payment.id, status: 'captured' });
    const ref = (await paymentsOf(first.order.id)).items[0]?.providerRef;
    const events = (await (await t.cardApi('GET', `/v1/events?paymentIntent=${ref}`)).json()) as {
      items: { type: string }[];
    };
    expect(events.items.filter((e) => e.type === 'payment_intent.captured')).toHaveLength(1);
  });
});
