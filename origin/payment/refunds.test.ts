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

/** A paid card order of 2 × 2500 + 500 shipping = 5500, of a variant with 10 in stock. */
async function paidOrder() {
  return (await paidOrderOfVariant()).order;
}

async function paidOrderOfVariant() {
  const v = await stockedVariant(t);
  const res = await postCheckout(
    t,
    checkoutRequest([{ variantId: v.id, quantity: 2, unitPrice: 2500 }], {
      paymentMethod: 'card',
      card: { token: 'tok_visa' },
    }),
  );
  const body = (await res.json()) as CheckoutResponse;
  await t.settle();
  return { order: body.order, variantId: v.id };
}

function refund(orderId: string, key: string, body: Record<string, unknown> = {}) {
  return t.origin.app.request(`/admin/orders/${orderId}/refunds`, {
    method: 'POST',
    headers: { authorization: 'Bearer test-admin-token', 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify(body),
  });
}
const paymentsOf = async (id: string) =>
  (await (await t.admin('GET', `/admin/orders/${id}/payments`)).json()) as {
    items: { providerRef: string; captured: { amount: number }; refunded: { amount: number } }[];
    refunds: { id: string; status: string; amount: { amount: number } }[];
  };
const statusOf = async (id: string) =>
  ((await (await t.admin('GET', `/admin/orders/${id}`)).json()) as { status: string }).status;

describe('refunds', () => {
  it('refunds part, then the rest; the order becomes refunded only when all of it is back', async () => {
    const order = await paidOrder();
    const part = await refund(order.id, 'r1', { amount: 1500, reason: 'damaged item' });
    expect(part.status).toBe(201);
    expect(await part.json()).toMatchObject({
      status: 'pending',
      amount: { amount: 1500, currency: 'USD' },
      reason: 'damaged item',
    });
    await t.settle();
    expect(await statusOf(order.id)).toBe('paid');
    expect((await paymentsOf(order.id)).items[0]?.refunded.amount).toBe(1500);

    const rest = await refund(order.id, 'r2');
    expect(await rest.json()).toMatchObject({ amount: { amount: 4000 } });
    await t.settle();
    const after = await paymentsOf(order.id);
    expect(after.items[0]?.refunded.amount).toBe(5500);
    expect(after.refunds.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
    expect(await statusOf(order.id)).toBe('refunded');
    const intent = await (await t.cardApi('GET', `/v1/payment_intents/${after.items[0]?.providerRef}`)).json();
    expect(intent).toMatchObject({ amountRefunded: 5500 });
  });

  it('never refunds more than was captured', async () => {
    const order = await paidOrder();
    const tooMuch = await refund(order.id, 'big', { amount: 5501 });
    expect(tooMuch.status).toBe(422);
    expect(await tooMuch.json()).toMatchObject({ error: { code: 'refund_exceeds_captured', refundable: 5500 } });
    expect((await refund(order.id, 'a', { amount: 5000 })).status).toBe(201);
    // The pending 5000 counts before the provider confirms it.
    expect((await refund(order.id, 'b', { amount: 501 })).status).toBe(422);
    expect((await refund(order.id, 'c', { amount: 500 })).status).toBe(201);
    await t.settle();
    const nothing = await refund(order.id, 'd');
    expect(nothing.status).toBe(409);
    expect(await nothing.json()).toMatchObject({ error: { code: 'nothing_to_refund' } });
  });

  it('records a refund once for a repeated request and refuses the key for another amount', async () => {
    const order = await paidOrder();
    const first = await refund(order.id, 'same', { amount: 1000 });
    const again = await refund(order.id, 'same', { amount: 1000 });
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(((await again.json()) as { id: string }).id).toBe(((await first.json()) as { id: string }).id);
    expect((await refund(order.id, 'same', { amount: 2000 })).status).toBe(422);
    await t.settle();
    const payments = await paymentsOf(order.id);
    expect(payments.refunds).toHaveLength(1);
    expect(payments.items[0]?.refunded.amount).toBe(1000);
  });

  it('applies a duplicate refund webhook once', async () => {
    const order = await paidOrder();
    await refund(order.id, 'dup', { amount: 700 });
    await t.settle();
    const ref = (await paymentsOf(order.id)).items[0]?.providerRef;
    const events = (await (await t.cardApi('GET', `/v1/events?paymentIntent=${ref}`)).json()) as {
      items: { id: string; type: string }[];
    };
    const succeeded = events.items.find((e) => e.type === 'refund.succeeded');
    // A redelivery is signed afresh; within the same second it would be byte-identical to a
    // replay (and refused as one), so let the signing timestamp move on.
    await new Promise((r) => setTimeout(r, 1100));
    const resent = await t.cardApi('POST', `/v1/events/${succeeded?.id}/resend`);
    expect(await resent.json()).toEqual({ status: 200 });
    await t.settle();
    expect((await paymentsOf(order.id)).items[0]?.refunded.amount).toBe(700);
  });

  it('requires an Idempotency-Key and a positive integer amount', async () => {
    const order = await paidOrder();
    const noKey = await t.admin('POST', `/admin/orders/${order.id}/refunds`, { amount: 100 });
    expect(noKey.status).toBe(400);
    expect((await refund(order.id, 'x', { amount: 1.5 })).status).toBe(400);
    expect((await refund(order.id, 'x', { amount: -1 })).status).toBe(400);
    expect((await refund('ord_missing', 'x', { amount: 1 })).status).toBe(404);
  });

  it('gives a fully refunded paid order’s stock back in the same transaction; a partial refund keeps it', async () => {
    const { order, variantId } = await paidOrderOfVariant();
    expect(await stockOf(t, variantId)).toEqual({ variantId, onHand: 10, reserved: 2, available: 8 });
    await refund(order.id, 'part', { amount: 1000 });
    await t.settle();
    expect(await stockOf(t, variantId)).toMatchObject({ onHand: 10, reserved: 2, available: 8 });

    const before = t.publishes.length;
    await refund(order.id, 'rest');
    await t.settle();
    expect(await statusOf(order.id)).toBe('refunded');
    expect(await stockOf(t, variantId)).toEqual({ variantId, onHand: 10, reserved: 0, available: 10 });
    // The edge learns that the units are for sale again.
    expect(t.publishes.slice(before).some((p) => JSON.stringify(p).includes(variantId))).toBe(true);
    // And the merchant can count the stock down to zero again (nothing is stuck as reserved).
    expect((await t.admin('PUT', `/admin/inventory/${variantId}`, { onHand: 0 })).status).toBe(200);
  });

  it('refuses the money statuses by hand: a paid order cannot be marked refunded without a refund', async () => {
    const { order, variantId } = await paidOrderOfVariant();
    const res = await t.admin('POST', `/admin/orders/${order.id}/transition`, { to: 'refunded' });
    expect(res.status).toBe(400);
    expect(await statusOf(order.id)).toBe('paid');
    expect((await stockOf(t, variantId)).reserved).toBe(2);
  });

  it('pays and refunds an order worth more than 32 bits of minor units, exactly', async () => {
    const unit = 1_000_000_000;
    const v = await stockedVariant(t, unit, 2000);
    const res = await postCheckout(
      t,
      checkoutRequest([{ variantId: v.id, quantity: 1000, unitPrice: unit }], {
        paymentMethod: 'card',
        card: { token: 'tok_visa' },
      }),
    );
    const body = (await res.json()) as CheckoutResponse;
    expect(res.status, JSON.stringify(body)).toBe(201);
    const { order } = body;
    expect(order.totals.subtotal.amount).toBe(1e12);
    await t.settle();
    expect(await statusOf(order.id)).toBe('paid');
    const total = order.totals.total.amount;
    expect((await refund(order.id, 'big-part', { amount: 3_000_000_000 })).status).toBe(201);
    // The pending refund counts in the sum (64-bit) before the provider confirms it.
    const over = await refund(order.id, 'big-over', { amount: total - 3_000_000_000 + 1 });
    expect(await over.json()).toMatchObject({ error: { code: 'refund_exceeds_captured', refundable: total - 3e9 } });
    await t.settle();
    expect((await paymentsOf(order.id)).items[0]).toMatchObject({
      captured: { amount: total },
      refunded: { amount: 3_000_000_000 },
    });
  });
});
