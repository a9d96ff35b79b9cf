/**
 * The order page after a declined payment, in workerd: what it shows, and its forms to pay again
 * (another card, or cash on delivery) with the checkout form's guarantees: this site only, one
 * attempt per form however often it is sent, Post/Redirect/Get.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CheckoutResponse, OrderPayment } from '../../contract/orders';
import { cartWithItem, checkout, newIdempotencyKey } from '../../test/edge/checkout-helpers';
import { EDGE_ORIGIN, edgeFetch } from '../../test/edge/edge-fetch';
import { FAKE_CARD_URL } from '../../test/edge/fake-order-service';
import { type FakeOrigin, installFakeOrigin } from '../../test/edge/fake-origin';

let origin: FakeOrigin;
beforeEach(() => {
  origin = installFakeOrigin();
  vi.spyOn(console, 'error').mockImplementation(() => {});
});
afterEach(() => vi.restoreAllMocks());

const until = '2030-01-01T12:15:00.000Z';
const declined = (over: Partial<OrderPayment> = {}): OrderPayment => ({
  id: 'pay_1',
  status: 'failed',
  failureCode: 'card_declined',
  nextAction: null,
  attempt: 1,
  retry: { methods: ['card', 'cod'], until },
  ...over,
});

/** A card order at the fake origin whose payment was declined. */
async function declinedOrder(payment = declined()) {
  const { cart } = await cartWithItem();
  const placed = await (await checkout(cart.id, newIdempotencyKey())).json<CheckoutResponse>();
  origin.orderService.payments.set(placed.order.id, payment);
  const link = `/orders/${placed.order.id}?token=${encodeURIComponent(placed.orderToken)}`;
  return { placed, link, action: `/orders/${placed.order.id}/payment?token=${encodeURIComponent(placed.orderToken)}` };
}

/** A browser's form post from this site, not following the redirect. */
function post(path: string, fields: Record<string, string>, from = EDGE_ORIGIN) {
  return edgeFetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: from },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
}

const keysOf = (html: string) => [...html.matchAll(/name="key" value="([^"]+)"/g)].map((m) => m[1] as string);

describe('the order page after a declined payment', () => {
  it('shows the decline and forms to pay again by card or cash on delivery, until the deadline', async () => {
    const { link, action } = await declinedOrder();
    const res = await edgeFetch(link);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Your payment did not go through: the card was declined.');
    expect(html).toContain('We hold your items until Jan 1, 2030, 12:15 UTC');
    expect(html.split(`action="${action}"`)).toHaveLength(3);
    expect(html).toContain('<option value="tok_visa">Visa, approved</option>');
    expect(html).toContain('<option value="tok_3ds">Visa, asks for 3-D Secure</option>');
    expect(html).toContain('Pay cash on delivery instead');
    const keys = keysOf(html);
    expect(keys).toHaveLength(2);
    expect(new Set(keys).size).toBe(2);
  });

  it('offers only what the shop offers for the order, and no form once paying again is not possible', async () => {
    const cardOnly = await declinedOrder(declined({ retry: { methods: ['card'], until } }));
    const html = await (await edgeFetch(cardOnly.link)).text();
    expect(html).toContain('Pay by card');
    expect(html).not.toContain('Pay cash on delivery instead');
    const paid = await declinedOrder(declined({ status: 'captured', failureCode: undefined, retry: null }));
    const paidHtml = await (await edgeFetch(paid.link)).text();
    expect(paidHtml).not.toContain('Pay again');
    expect(paidHtml).not.toContain('did not go through');
  });

  it('pays again by card with the form, once however often it is sent (Post/Redirect/Get)', async () => {
    const { placed, link, action } = await declinedOrder();
    const [cardKey] = keysOf(await (await edgeFetch(link)).text());
    const fields = { key: cardKey as string, paymentMethod: 'card', cardToken: 'tok_visa' };
    const sent = await post(action, fields);
    expect(sent.status).toBe(303);
    expect(sent.headers.get('location')).toBe(`${link}&paid=1`);
    expect(origin.orderService.retries.at(-1)?.body).toEqual({
      idempotencyKey: cardKey,
      paymentMethod: 'card',
      card: { token: 'tok_visa' },
    });
    expect(origin.orderService.retries.at(-1)?.headers.get('x-order-token')).toBe(placed.orderToken);
    const again = await post(action, fields);
    expect(again.headers.get('location')).toBe(`${link}&paid=1`);
    expect(origin.orderService.payments.get(placed.order.id)?.attempt).toBe(2);
    const html = await (await edgeFetch(`${link}&paid=1`)).text();
    expect(html).toContain('Thank you! We have your new payment choice.');
    expect(html).toContain('We are waiting for your bank');
  });

  it('switches to cash on delivery with the form', async () => {
    const { link, action } = await declinedOrder();
    const [, codKey] = keysOf(await (await edgeFetch(link)).text());
    const sent = await post(action, { key: codKey as string, paymentMethod: 'cod' });
    expect(sent.headers.get('location')).toBe(`${link}&paid=1`);
    const html = await (await edgeFetch(link)).text();
    expect(html).toContain('<strong>Confirmed</strong>');
    expect(html).toContain('cash on delivery');
  });

  it('sends a card that asks for 3-D Secure to its page, and the order page links to it', async () => {
    const { placed, link, action } = await declinedOrder();
    const sent = await post(action, { key: 'k-3ds', paymentMethod: 'card', cardToken: 'tok_3ds' });
    const challenge = `${FAKE_CARD_URL}/v1/payment_intents/pi_${placed.order.id}/authenticate`;
    expect(sent.headers.get('location')).toBe(challenge);
    expect(await (await edgeFetch(link)).text()).toContain(`<a href="${challenge}">Confirm it</a>`);
  });

  it('goes back to the order page with the refusal, in words', async () => {
    const { link, action } = await declinedOrder();
    origin.orderService.refuseRetryWith = {
      status: 409,
      body: { error: { code: 'payment_deadline_passed', message: 'Too late' } },
    };
    const sent = await post(action, { key: 'k-late', paymentMethod: 'card', cardToken: 'tok_visa' });
    expect(sent.headers.get('location')).toBe(`${link}&error=payment_deadline_passed`);
    expect(await (await edgeFetch(`${link}&error=payment_deadline_passed`)).text()).toContain(
      'The time to pay this order is over',
    );
  });

  it('refuses a form from another site, without the order link, or malformed, without a payment attempt', async () => {
    const { link, action, placed } = await declinedOrder();
    const fields = { key: 'k-1', paymentMethod: 'card', cardToken: 'tok_visa' };
    expect((await post(action, fields, 'https://evil.example')).status).toBe(403);
    const crossSite = await edgeFetch(action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site' },
      body: new URLSearchParams(fields).toString(),
    });
    expect(crossSite.status).toBe(403);
    expect((await post(`/orders/${placed.order.id}/payment`, fields)).status).toBe(404);
    for (const bad of [
      { ...fields, key: '' },
      { ...fields, cardToken: 'tok visa' },
      { key: 'k-2', paymentMethod: 'iou' },
    ]) {
      const res = await post(action, bad);
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe(`${link}&error=invalid_request`);
    }
    expect(origin.orderService.retries).toHaveLength(0);
  });
});
