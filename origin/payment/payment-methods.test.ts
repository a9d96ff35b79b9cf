import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckoutResponse } from '../../contract/orders';
import { signInternalRequest } from '../../contract/signing';
import { checkoutRequest, postCheckout, setupShipping, stockedVariant, stockOf } from '../../test/support/checkout';
import { INTERNAL_SECRET } from '../../test/support/origin';
import { type PaymentsHarness, startPaymentsOrigin } from '../../test/support/payments';

let t: PaymentsHarness;
let lastVariant = '';

beforeAll(async () => {
  t = await startPaymentsOrigin({ COD_MAX_AMOUNT: '10000', COD_COUNTRIES: 'US,DE', CARD_CAPTURE: 'manual' });
  await setupShipping(t);
});
afterAll(() => t.close());

async function offered(country: string, amount: number) {
  const path = `/internal/payment-methods?country=${country}&amount=${amount}`;
  const res = await t.origin.app.request(path, { headers: await signInternalRequest(INTERNAL_SECRET, 'GET', path) });
  return ((await res.json()) as { items: string[] }).items;
}

async function checkout(paymentMethod: 'card' | 'cod', quantity = 1) {
  const v = await stockedVariant(t, 2500, 20);
  lastVariant = v.id;
  return postCheckout(
    t,
    checkoutRequest([{ variantId: v.id, quantity, unitPrice: 2500 }], {
      paymentMethod,
      ...(paymentMethod === 'card' ? { card: { token: 'tok_visa' } } : {}),
    }),
  );
}

describe('payment methods offered by rule', () => {
  it('offers cash on delivery up to its configured ceiling and only in its countries', async () => {
    expect(await offered('US', 10_000)).toEqual(['card', 'cod']);
    expect(await offered('US', 10_001)).toEqual(['card']);
    expect(await offered('FR', 100)).toEqual(['card']);
  });

  it('refuses a checkout with a method the rules do not offer, and reserves nothing', async () => {
    const res = await checkout('cod', 5); // 12 500 (free shipping) > 10 000
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({
      error: { code: 'payment_method_unavailable', offered: ['card'] },
    });
    expect(await stockOf(t, lastVariant)).toMatchObject({ reserved: 0, available: 20 });
  });

  it('lets the merchant switch a method off and back to the configuration without code changes', async () => {
    const off = await t.admin('PUT', '/admin/payment-methods/cod', { enabled: false });
    expect(off.status).toBe(200);
    expect(await offered('US', 100)).toEqual(['card']);
    expect((await checkout('cod')).status).toBe(422);
    const list = (await (await t.admin('GET', '/admin/payment-methods')).json()) as {
      items: { method: string; source: string; enabled: boolean }[];
    };
    expect(list.items).toEqual([
      expect.objectContaining({ method: 'card', source: 'configuration' }),
      expect.objectContaining({ method: 'cod', source: 'merchant', enabled: false }),
    ]);
    expect((await t.admin('DELETE', '/admin/payment-methods/cod')).status).toBe(200);
    expect(await offered('US', 100)).toEqual(['card', 'cod']);
    expect((await checkout('cod')).status).toBe(201);
  });

  it('validates rules', async () => {
    expect(
      (await t.admin('PUT', '/admin/payment-methods/cod', { enabled: true, minAmount: 5, maxAmount: 1 })).status,
    ).toBe(400);
    expect((await t.admin('PUT', '/admin/payment-methods/bitcoin', { enabled: true })).status).toBe(400);
    expect((await t.admin('PUT', '/admin/payment-methods/cod', { enabled: true, countries: ['usa'] })).status).toBe(
      400,
    );
  });
});

describe('manual capture', () => {
  it('leaves an authorised order confirmed until the merchant captures, and captures once', async () => {
    const res = await checkout('card');
    const { order } = (await res.json()) as CheckoutResponse;
    await t.settle();
    const status = async () =>
      ((await (await t.admin('GET', `/admin/orders/${order.id}`)).json()) as { status: string }).status;
    expect(await status()).toBe('confirmed');
    const [a, b] = await Promise.all([
      t.admin('POST', `/admin/orders/${order.id}/capture`),
      t.admin('POST', `/admin/orders/${order.id}/capture`),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    await t.settle();
    expect(await status()).toBe('paid');
    const again = await t.admin('POST', `/admin/orders/${order.id}/capture`);
    expect(await again.json()).toMatchObject({ status: 'captured', captured: { amount: order.totals.total.amount } });
    const payments = (await (await t.admin('GET', `/admin/orders/${order.id}/payments`)).json()) as {
      items: { providerRef: string }[];
    };
    const events = (await (
      await t.cardApi('GET', `/v1/events?paymentIntent=${payments.items[0]?.providerRef}`)
    ).json()) as {
      items: { type: string }[];
    };
    expect(events.items.filter((e) => e.type === 'payment_intent.captured')).toHaveLength(1);
  });

  it('refuses to capture a cash-on-delivery order', async () => {
    const { order } = (await (await checkout('cod')).json()) as CheckoutResponse;
    expect((await t.admin('POST', `/admin/orders/${order.id}/capture`)).status).toBe(404);
  });
});
