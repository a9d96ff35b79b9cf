/**
 * `POST /api/orders/:id/payment` in workerd: validation at the edge, who may ask (order token;
 * the session is in the authorization matrix), and the signed relay to the origin (a stand-in
 * that checks real signatures and keeps the contract's rules).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CheckoutResponse, PaymentRetryResponse } from '../../contract/orders';
import { errorCode } from '../../test/edge/cart-helpers';
import { cartWithItem, checkout, newIdempotencyKey } from '../../test/edge/checkout-helpers';
import { edgeFetch, jsonRequest, randomClientIp } from '../../test/edge/edge-fetch';
import { type FakeOrigin, installFakeOrigin } from '../../test/edge/fake-origin';

let origin: FakeOrigin;
beforeEach(() => {
  origin = installFakeOrigin();
  vi.spyOn(console, 'error').mockImplementation(() => {});
});
afterEach(() => vi.restoreAllMocks());

async function placedOrder(): Promise<CheckoutResponse> {
  const { cart } = await cartWithItem();
  const res = await checkout(cart.id, newIdempotencyKey());
  if (res.status !== 201) throw new Error(`checkout: ${res.status} ${await res.text()}`);
  return res.json<CheckoutResponse>();
}

const visa = { paymentMethod: 'card', card: { token: 'tok_visa' } };

function pay(
  orderId: string,
  body: unknown,
  headers: Record<string, string> = {},
  init: Partial<RequestInit> = {},
): Promise<Response> {
  return edgeFetch(`/api/orders/${orderId}/payment`, { ...jsonRequest('POST', body, headers), ...init });
}
const asShopper = (placed: CheckoutResponse, key = newIdempotencyKey()) => ({
  authorization: `Bearer ${placed.orderToken}`,
  'idempotency-key': key,
});
const retriesSent = () => origin.orderService.retries.length;

describe('POST /api/orders/:id/payment', () => {
  it('relays another card with the key and the order token, signed, and answers the 201 unchanged', async () => {
    const placed = await placedOrder();
    const key = newIdempotencyKey();
    const res = await pay(placed.order.id, visa, { ...asShopper(placed, key), 'x-request-id': 'trace-pay-1' });
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = await res.json<PaymentRetryResponse>();
    expect(body.payment).toMatchObject({ status: 'processing', nextAction: null });
    const [sent] = origin.orderService.retries;
    expect(sent?.orderId).toBe(placed.order.id);
    expect(sent?.body).toEqual({ idempotencyKey: key, paymentMethod: 'card', card: { token: 'tok_visa' } });
    expect(sent?.headers.get('x-order-token')).toBe(placed.orderToken);
    expect(sent?.headers.get('x-request-id')).toBe('trace-pay-1');
  });

  it('relays a switch to cash on delivery, and the same key again is the same attempt', async () => {
    const placed = await placedOrder();
    const headers = asShopper(placed);
    const first = await pay(placed.order.id, { paymentMethod: 'cod' }, headers);
    expect(first.status).toBe(201);
    const body = await first.json<PaymentRetryResponse>();
    expect(body).toMatchObject({
      order: { status: 'confirmed', paymentMethod: 'cod' },
      payment: { status: 'cash_on_delivery' },
    });
    const again = await pay(placed.order.id, { paymentMethod: 'cod' }, headers);
    expect(again.status).toBe(201);
    expect((await again.json<PaymentRetryResponse>()).payment.id).toBe(body.payment.id);
    const reused = await pay(placed.order.id, visa, headers);
    expect(reused.status).toBe(422);
    expect(await errorCode(reused)).toBe('idempotency_key_reused');
  });

  it.each([
    ['a 409 with its code', { status: 409, body: { error: { code: 'payment_deadline_passed', message: 'Too late' } } }],
    [
      'a 422 with the methods offered',
      { status: 422, body: { error: { code: 'payment_method_unavailable', message: 'No', offered: ['card'] } } },
    ],
  ])('passes the origin’s refusal through: %s', async (_name, refusal) => {
    const placed = await placedOrder();
    origin.orderService.refuseRetryWith = refusal;
    const res = await pay(placed.order.id, visa, asShopper(placed));
    expect(res.status).toBe(refusal.status);
    expect(await res.json()).toEqual(refusal.body);
  });

  it.each([
    ['no Idempotency-Key', null, visa, 'idempotency_key_required'],
    ['a malformed Idempotency-Key', 'has spaces in it', visa, 'invalid_request'],
    ['a card attempt without a card', 'k-1', { paymentMethod: 'card' }, 'invalid_request'],
    ['a card with cash on delivery', 'k-2', { paymentMethod: 'cod', card: { token: 'tok_visa' } }, 'invalid_request'],
    ['an unknown method', 'k-3', { paymentMethod: 'iou' }, 'invalid_request'],
    ['an unknown field', 'k-4', { paymentMethod: 'cod', amount: 1 }, 'invalid_request'],
    ['a card token with spaces', 'k-5', { paymentMethod: 'card', card: { token: 'tok visa' } }, 'invalid_request'],
  ])('refuses %s with 400 at the edge without asking the origin', async (_name, key, body, code) => {
    const placed = await placedOrder();
    const headers: Record<string, string> = { authorization: `Bearer ${placed.orderToken}` };
    if (key !== null) headers['idempotency-key'] = key;
    const res = await pay(placed.order.id, body, headers);
    expect(res.status).toBe(400);
    expect(await errorCode(res)).toBe(code);
    expect(retriesSent()).toBe(0);
  });

  it('refuses a body that is not JSON, and one too large, without asking the origin', async () => {
    const placed = await placedOrder();
    const text = await pay(placed.order.id, visa, { ...asShopper(placed), 'content-type': 'text/plain' });
    expect(text.status).toBe(400);
    const big = await pay(
      placed.order.id,
      { paymentMethod: 'card', card: { token: 'x'.repeat(8000) } },
      asShopper(placed),
    );
    expect(big.status).toBe(413);
    expect(retriesSent()).toBe(0);
  });

  it.each([
    ['no Authorization header', undefined],
    ['another scheme', 'Basic dXNlcjpwYXNz'],
    ['a garbled token', 'Bearer not a token'],
  ])('answers 404 order_not_found for %s without asking the origin', async (_name, authorization) => {
    const placed = await placedOrder();
    const headers: Record<string, string> = { 'idempotency-key': newIdempotencyKey() };
    if (authorization) headers.authorization = authorization;
    const res = await pay(placed.order.id, visa, headers);
    expect(res.status).toBe(404);
    expect(await errorCode(res)).toBe('order_not_found');
    expect(retriesSent()).toBe(0);
  });

  it('answers the same 404 for a forged token, another order’s token and an unknown order', async () => {
    const placed = await placedOrder();
    const other = await placedOrder();
    const answers = [
      await pay(placed.order.id, visa, {
        ...asShopper(placed),
        authorization: `Bearer ${placed.order.id}.4102444800.forged`,
      }),
      await pay(placed.order.id, visa, asShopper(other)),
      await pay('ord_UNKNOWN', visa, asShopper(placed)),
    ];
    for (const res of answers) {
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ error: { code: 'order_not_found', message: 'No such order' } });
    }
    expect(origin.orderService.payments.size).toBe(0);
  });

  it('answers 502 origin_unavailable, saying to retry with the same key, when the origin is down', async () => {
    const placed = await placedOrder();
    origin.failWith = 503;
    const res = await pay(placed.order.id, visa, asShopper(placed));
    expect(res.status).toBe(502);
    expect(await res.json()).toMatchObject({
      error: { code: 'origin_unavailable', message: expect.stringContaining('same Idempotency-Key') },
    });
  });

  it('limits attempts per order like checkouts (RATE_LIMIT_CHECKOUT), whatever the address', async () => {
    const placed = await placedOrder();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const res = await pay(
        placed.order.id,
        { paymentMethod: 'cod' },
        { ...asShopper(placed), 'cf-connecting-ip': randomClientIp() },
      );
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 10).every((s) => s !== 429)).toBe(true);
    expect(statuses[10]).toBe(429);
  });
});
