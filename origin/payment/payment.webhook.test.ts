import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckoutResponse } from '../../contract/orders';
import { signatureHeader } from '../../sandbox/lib/signing';
import { checkoutRequest, postCheckout, setupShipping, stockedVariant } from '../../test/support/checkout';
import { CARD_WEBHOOK_SECRET, type PaymentsHarness, startPaymentsOrigin } from '../../test/support/payments';

let t: PaymentsHarness;

beforeAll(async () => {
  t = await startPaymentsOrigin();
  await setupShipping(t);
});
afterAll(() => t.close());

/** A 3-D Secure order (nothing happens to it until the shopper acts), and its intent id. */
async function waitingOrder() {
  const v = await stockedVariant(t);
  const res = await postCheckout(
    t,
    checkoutRequest([{ variantId: v.id, quantity: 1, unitPrice: 2500 }], {
      paymentMethod: 'card',
      card: { token: 'tok_3ds' },
    }),
  );
  const body = (await res.json()) as CheckoutResponse;
  await t.settle();
  const payments = (await (await t.admin('GET', `/admin/orders/${body.order.id}/payments`)).json()) as {
    items: { providerRef: string; status: string }[];
  };
  return { order: body.order, intent: payments.items[0]?.providerRef as string };
}

/** A captured-intent event as the provider would send it. */
function capturedEvent(intent: string, amount: number, id = `evt_forged_${Math.random().toString(36).slice(2)}`) {
  return JSON.stringify({
    id,
    type: 'payment_intent.captured',
    createdAt: new Date().toISOString(),
    data: {
      object: {
        id: intent,
        amount,
        amountCaptured: amount,
        status: 'captured',
        failureCode: null,
        nextAction: null,
      },
    },
  });
}

function post(body: string, signature: string | null, provider = 'sandbox-card') {
  return t.origin.app.request(`/webhooks/payments/${provider}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(signature ? { 'sandbox-signature': signature } : {}) },
    body,
  });
}

const statusOf = async (id: string) =>
  ((await (await t.admin('GET', `/admin/orders/${id}`)).json()) as { status: string }).status;

describe('payment webhooks', () => {
  it('accepts a correctly signed event and applies it through the queue', async () => {
    const { order, intent } = await waitingOrder();
    const body = capturedEvent(intent, order.totals.total.amount);
    const res = await post(body, await signatureHeader(CARD_WEBHOOK_SECRET, body));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: true, duplicate: false });
    expect(await statusOf(order.id)).toBe('pending_payment'); // applied by the consumer, not the request
    await t.settle();
    expect(await statusOf(order.id)).toBe('paid');
  });

  it('refuses a forged signature, a missing one and another secret’s, leaving the order as it was', async () => {
    const { order, intent } = await waitingOrder();
    const body = capturedEvent(intent, order.totals.total.amount);
    const good = await signatureHeader(CARD_WEBHOOK_SECRET, body);
    const forged = good.replace(/v1=([0-9a-f])/, (_, c: string) => `v1=${c === '0' ? '1' : '0'}`);
    for (const sig of [forged, null, await signatureHeader('whsec_someone_else', body), 't=abc,v1=zz']) {
      const res = await post(body, sig);
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: { code: 'invalid_signature' } });
    }
    // A body changed after signing.
    const tampered = capturedEvent(intent, 1);
    expect((await post(tampered, good)).status).toBe(401);
    await t.settle();
    expect(await statusOf(order.id)).toBe('pending_payment');
  });

  it('refuses a timestamp outside the window, past or future', async () => {
    const { order, intent } = await waitingOrder();
    const body = capturedEvent(intent, order.totals.total.amount);
    // 300 s is the tolerance; the margin keeps a slow machine from walking the future one back inside it.
    for (const skew of [-330_000, 330_000]) {
      const res = await post(body, await signatureHeader(CARD_WEBHOOK_SECRET, body, Date.now() + skew));
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: 'stale_webhook' } });
    }
    await t.settle();
    expect(await statusOf(order.id)).toBe('pending_payment');
  });

  it('refuses a byte-for-byte replay and applies a provider redelivery (fresh signature) only once', async () => {
    const { order, intent } = await waitingOrder();
    const body = capturedEvent(intent, order.totals.total.amount, `evt_once_${order.id}`);
    const signature = await signatureHeader(CARD_WEBHOOK_SECRET, body);
    expect((await post(body, signature)).status).toBe(200);
    const replay = await post(body, signature);
    expect(replay.status).toBe(409);
    expect(await replay.json()).toMatchObject({ error: { code: 'webhook_replayed' } });
    const redelivery = await post(body, await signatureHeader(CARD_WEBHOOK_SECRET, body, Date.now() + 2000));
    expect(await redelivery.json()).toEqual({ received: true, duplicate: true });
    await t.settle();
    expect(await statusOf(order.id)).toBe('paid');
    const history = (await (await t.admin('GET', `/admin/orders/${order.id}`)).json()) as { history: { to: string }[] };
    expect(history.history.filter((h) => h.to === 'paid')).toHaveLength(1);
  });

  it('answers 404 for an unknown provider and 400 for a signed body that is not an event', async () => {
    const body = '{"hello":"world"}';
    expect((await post(body, await signatureHeader(CARD_WEBHOOK_SECRET, body), 'nope')).status).toBe(404);
    const res = await post(body, await signatureHeader(CARD_WEBHOOK_SECRET, body));
    expect(res.status).toBe(400);
  });
});
