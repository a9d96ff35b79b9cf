import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CheckoutResponse } from '../../contract/orders';
import type { OrderTracking } from '../../contract/tracking';
import { errorCode } from '../../test/edge/cart-helpers';
import { cartWithItem, checkout, newIdempotencyKey } from '../../test/edge/checkout-helpers';
import { edgeFetch } from '../../test/edge/edge-fetch';
import { type FakeOrigin, installFakeOrigin } from '../../test/edge/fake-origin';

const TRACKING_PATH = /^\/internal\/orders\/([^/]+)\/tracking$/;

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

function getTracking(id: string, authorization?: string, headers: Record<string, string> = {}): Promise<Response> {
  return edgeFetch(`/api/orders/${id}/tracking`, { headers: authorization ? { authorization, ...headers } : headers });
}

const trackingReads = () => origin.requests.filter((r) => TRACKING_PATH.test(r)).length;

const sample = (status: OrderTracking['status']): OrderTracking => ({
  status,
  shipments: [
    {
      carrier: 'sandbox-carrier',
      trackingNumber: 'SBX123456789012',
      status: 'in_transit',
      events: [
        { status: 'label_created', at: '2030-01-01T10:00:00.000Z' },
        { status: 'picked_up', at: '2030-01-01T12:00:00.000Z', location: 'Sandbox origin depot' },
        { status: 'in_transit', at: '2030-01-02T08:00:00.000Z', location: 'Sandbox regional sorting center' },
      ],
    },
  ],
});

describe('GET /api/orders/:id/tracking', () => {
  it('passes the tracking through for the order’s bearer token, never cached', async () => {
    const placed = await placedOrder();
    origin.orderService.tracking.set(placed.order.id, sample('shipped'));
    const res = await getTracking(placed.order.id, `Bearer ${placed.orderToken}`, { 'x-request-id': 'trace-track-1' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(sample('shipped'));
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const [sent] = origin.orderService.trackingReadHeaders;
    expect(sent?.get('x-order-token')).toBe(placed.orderToken);
    expect(sent?.get('x-request-id')).toBe('trace-track-1');
    expect(trackingReads()).toBe(1);
  });

  it('answers an order with no parcels yet with its status and no shipments', async () => {
    const placed = await placedOrder();
    const res = await getTracking(placed.order.id, `bearer ${placed.orderToken}`);
    expect(await res.json()).toEqual({ status: placed.order.status, shipments: [] });
  });

  it.each([
    ['no Authorization header', undefined],
    ['another scheme', 'Basic dXNlcjpwYXNz'],
    ['an empty bearer token', 'Bearer '],
    ['a garbled token', 'Bearer not a token'],
  ])('answers 404 order_not_found for %s without asking the origin', async (_name, authorization) => {
    const placed = await placedOrder();
    const res = await getTracking(placed.order.id, authorization);
    expect(res.status).toBe(404);
    expect(await errorCode(res)).toBe('order_not_found');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(trackingReads()).toBe(0);
  });

  it('answers the same 404 for a wrong token, another order’s token and an unknown order', async () => {
    const placed = await placedOrder();
    const other = await placedOrder();
    origin.orderService.tracking.set(placed.order.id, sample('shipped'));
    const answers = [
      await getTracking(placed.order.id, `Bearer ${placed.order.id}.4102444800.forged`),
      await getTracking(placed.order.id, `Bearer ${other.orderToken}`),
      await getTracking('ord_UNKNOWN', `Bearer ${placed.orderToken}`),
      await getTracking('bad%20id', `Bearer ${placed.orderToken}`),
    ];
    for (const res of answers) {
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ error: { code: 'order_not_found', message: 'No such order' } });
    }
    expect(trackingReads()).toBe(3);
  });

  it('answers 502 origin_unavailable when the origin is down', async () => {
    const placed = await placedOrder();
    origin.failWith = 503;
    const res = await getTracking(placed.order.id, `Bearer ${placed.orderToken}`);
    expect(res.status).toBe(502);
    expect(await errorCode(res)).toBe('origin_unavailable');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('answers 502 when the origin refuses the edge’s own signature', async () => {
    const placed = await placedOrder();
    const spy = vi.mocked(globalThis.fetch);
    const next = spy.getMockImplementation() as typeof fetch;
    spy.mockImplementation(async (input, init) => {
      const req = new Request(input, init);
      if (TRACKING_PATH.test(new URL(req.url).pathname)) return new Response('nope', { status: 401 });
      return next(input, init);
    });
    const res = await getTracking(placed.order.id, `Bearer ${placed.orderToken}`);
    expect(res.status).toBe(502);
  });
});
