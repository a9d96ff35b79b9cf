import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CheckoutResponse } from '../../contract/orders';
import { errorCode } from '../../test/edge/cart-helpers';
import { cartWithItem, checkout, newIdempotencyKey } from '../../test/edge/checkout-helpers';
import { edgeFetch } from '../../test/edge/edge-fetch';
import { type FakeOrigin, installFakeOrigin } from '../../test/edge/fake-origin';
import { bearerToken } from './orders.routes';

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

function getOrder(id: string, authorization?: string, headers: Record<string, string> = {}): Promise<Response> {
  return edgeFetch(`/api/orders/${id}`, { headers: authorization ? { authorization, ...headers } : headers });
}

const orderReads = () => origin.count('/internal/orders/');

describe('GET /api/orders/:id', () => {
  it('passes the order through for its bearer token, never cached', async () => {
    const placed = await placedOrder();
    const res = await getOrder(placed.order.id, `Bearer ${placed.orderToken}`, { 'x-request-id': 'trace-order-1' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ...placed.order, payment: null });
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    // The fake origin checks the signature and looks the order up by x-order-token.
    const [sent] = origin.orderService.orderReadHeaders;
    expect(sent?.get('x-order-token')).toBe(placed.orderToken);
    expect(sent?.get('x-request-id')).toBe('trace-order-1');
    expect(orderReads()).toBe(1);
  });

  it('accepts the scheme in any case', async () => {
    const placed = await placedOrder();
    expect((await getOrder(placed.order.id, `bearer ${placed.orderToken}`)).status).toBe(200);
  });

  it.each([
    ['no Authorization header', undefined],
    ['another scheme', 'Basic dXNlcjpwYXNz'],
    ['an empty bearer token', 'Bearer '],
    ['a garbled token', 'Bearer not a token'],
  ])('answers 404 order_not_found for %s without asking the origin', async (_name, authorization) => {
    const placed = await placedOrder();
    const res = await getOrder(placed.order.id, authorization);
    expect(res.status).toBe(404);
    expect(await errorCode(res)).toBe('order_not_found');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(orderReads()).toBe(0);
  });

  it('answers the same 404 for a wrong token, another order’s token and an unknown order', async () => {
    const placed = await placedOrder();
    const other = await placedOrder();
    const answers = [
      await getOrder(placed.order.id, `Bearer ${placed.order.id}.4102444800.forged`),
      await getOrder(placed.order.id, `Bearer ${other.orderToken}`),
      await getOrder('ord_UNKNOWN', `Bearer ${placed.orderToken}`),
    ];
    for (const res of answers) {
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ error: { code: 'order_not_found', message: 'No such order' } });
    }
  });

  it('answers 502 origin_unavailable when the origin is down', async () => {
    const placed = await placedOrder();
    origin.failWith = 503;
    const res = await getOrder(placed.order.id, `Bearer ${placed.orderToken}`);
    expect(res.status).toBe(502);
    expect(await errorCode(res)).toBe('origin_unavailable');
  });
});

describe('bearerToken', () => {
  it('reads an RFC 6750 token case-insensitively and refuses anything else', () => {
    expect(bearerToken('Bearer abc.123_-~+/==')).toBe('abc.123_-~+/==');
    expect(bearerToken('bearer abc')).toBe('abc');
    expect(bearerToken(undefined)).toBeNull();
    expect(bearerToken('Bearer')).toBeNull();
    expect(bearerToken('Bearer a b')).toBeNull();
    expect(bearerToken(`Bearer ${'a'.repeat(1025)}`)).toBeNull();
  });
});
