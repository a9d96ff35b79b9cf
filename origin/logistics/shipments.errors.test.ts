import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shipments } from '../../db/schema/logistics';
import {
  type CarrierTest,
  codOrder,
  getTracking,
  orderStatus,
  setupShipping,
  ship,
  shipmentOf,
  shipOk,
  startCarrierTest,
} from '../../test/support/carrier';
import { stockOf } from '../../test/support/checkout';

let c: CarrierTest;
beforeAll(async () => {
  c = await startCarrierTest();
  await setupShipping(c.t);
});
afterAll(() => c.close());

const shipmentCount = async (orderId: string) =>
  (await c.t.origin.ctx.db.select({ n: count() }).from(shipments).where(eq(shipments.orderId, orderId)))[0]?.n;
const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

describe('creating shipments: refusals', () => {
  it('refuses more units than are left with 422 and writes nothing', async () => {
    const { placed } = await codOrder(c.t, [2, 1]);
    const orderId = placed.order.id;
    const over = await ship(c.t, orderId, { lines: [{ lineNo: 1, quantity: 3 }] });
    expect(over.status).toBe(422);
    expect(await over.json()).toMatchObject({
      error: { code: 'quantity_exceeds_unshipped', lineNo: 1, requested: 3, remaining: 2 },
    });
    expect((await ship(c.t, orderId, { lines: [{ lineNo: 7, quantity: 1 }] })).status).toBe(422);
    expect(await shipmentCount(orderId)).toBe(0);
    expect(await orderStatus(c.t, orderId)).toBe('confirmed');

    await shipOk(c.t, orderId, { lines: [{ lineNo: 1, quantity: 1 }] });
    const split = await ship(c.t, orderId, {
      lines: [
        { lineNo: 1, quantity: 1 },
        { lineNo: 1, quantity: 1 },
      ],
    });
    expect(split.status).toBe(422);
    await shipOk(c.t, orderId);
    const nothingLeft = await ship(c.t, orderId);
    expect(nothingLeft.status).toBe(409);
    expect(await errorOf(nothingLeft)).toBe('order_not_shippable');
    expect(await shipmentCount(orderId)).toBe(2);
  });

  it('refuses orders that are not paid, confirmed or fulfilling with 409 order_not_shippable', async () => {
    const { placed } = await codOrder(c.t);
    await c.t.admin('POST', `/admin/orders/${placed.order.id}/cancel`);
    const res = await ship(c.t, placed.order.id);
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: { code: 'order_not_shippable', status: 'cancelled' } });
  });

  it('answers 404 for unknown orders and shipments, 400 for malformed input', async () => {
    expect(await errorOf(await ship(c.t, 'ord_NOPE'))).toBe('order_not_found');
    expect((await c.t.admin('GET', '/admin/orders/ord_NOPE/shipments')).status).toBe(404);
    const missing = await c.t.admin('GET', '/admin/shipments/shp_NOPE');
    expect(missing.status).toBe(404);
    expect(await errorOf(missing)).toBe('shipment_not_found');
    for (const action of ['mark-shipped', 'mark-delivered', 'cancel']) {
      expect((await c.t.admin('POST', `/admin/shipments/shp_NOPE/${action}`)).status).toBe(404);
    }
    const { placed } = await codOrder(c.t);
    for (const body of [{ lines: [] }, { lines: [{ lineNo: 1, quantity: 0 }] }, { scenario: 'lost' }, { extra: 1 }]) {
      expect((await ship(c.t, placed.order.id, body)).status).toBe(400);
    }
  });
});

describe('cancelling', () => {
  it('refuses to cancel an order once a parcel was picked up, changing nothing', async () => {
    const { placed, variants } = await codOrder(c.t, [2, 1]);
    const orderId = placed.order.id;
    const first = await shipOk(c.t, orderId, { lines: [{ lineNo: 1, quantity: 2 }] });
    await c.advance(first.carrierRef as string);
    await c.settle();
    const res = await c.t.admin('POST', `/admin/orders/${orderId}/cancel`);
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: { code: 'order_partially_shipped', shipmentIds: [first.id] } });
    expect(await orderStatus(c.t, orderId)).toBe('fulfilling');
    // The parcel that left took its two units out of stock; the unshipped unit stays held.
    expect(await stockOf(c.t, variants[0]?.id as string)).toMatchObject({ onHand: 8, reserved: 0 });
    expect(await stockOf(c.t, variants[1]?.id as string)).toMatchObject({ onHand: 10, reserved: 1 });
    const byTransition = await c.t.admin('POST', `/admin/orders/${orderId}/transition`, { to: 'cancelled' });
    expect(byTransition.status).toBe(409);
  });

  it('cancels a shipment before pick-up, voids the label and gives its units back', async () => {
    const { placed } = await codOrder(c.t, [2]);
    const shipment = await shipOk(c.t, placed.order.id);
    const res = await c.t.admin('POST', `/admin/shipments/${shipment.id}/cancel`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'cancelled' });
    expect(c.calls).toContain(`POST /v1/shipments/${shipment.carrierRef}/cancel`);
    expect((await c.t.admin('POST', `/admin/shipments/${shipment.id}/cancel`)).status).toBe(200);
    await c.settle();
    const listed = (await (await c.t.admin('GET', `/admin/orders/${placed.order.id}/shipments`)).json()) as {
      unshipped: unknown[];
    };
    expect(listed.unshipped).toEqual([{ lineNo: 1, quantity: 2 }]);
    const marked = await c.t.admin('POST', `/admin/shipments/${shipment.id}/mark-shipped`);
    expect(marked.status).toBe(409);
    expect(await errorOf(marked)).toBe('invalid_transition');
    // The order can still be cancelled, or shipped again.
    expect((await shipOk(c.t, placed.order.id)).lines).toEqual([{ lineNo: 1, quantity: 2 }]);
  });

  it('refuses to cancel a shipment after pick-up with 409 shipment_not_cancellable', async () => {
    const { placed } = await codOrder(c.t);
    const shipment = await shipOk(c.t, placed.order.id);
    await c.advance(shipment.carrierRef as string);
    await c.settle();
    const res = await c.t.admin('POST', `/admin/shipments/${shipment.id}/cancel`);
    expect(res.status).toBe(409);
    expect(await errorOf(res)).toBe('shipment_not_cancellable');
  });

  it('refuses with 409 when the carrier already picked the parcel up (its scan not yet here)', async () => {
    const { placed } = await codOrder(c.t);
    const shipment = await shipOk(c.t, placed.order.id);
    await c.advance(shipment.carrierRef as string); // webhook sent, not yet applied
    const res = await c.t.admin('POST', `/admin/shipments/${shipment.id}/cancel`);
    expect(res.status).toBe(409);
    expect(await errorOf(res)).toBe('shipment_not_cancellable');
    expect((await shipmentOf(c.t, shipment.id)).status).toBe('label_created');
  });

  it('answers 502 carrier_unavailable when the carrier cannot void the label, changing nothing', async () => {
    const { placed } = await codOrder(c.t);
    const shipment = await shipOk(c.t, placed.order.id);
    c.outage.down = true;
    try {
      const res = await c.t.admin('POST', `/admin/shipments/${shipment.id}/cancel`);
      expect(res.status).toBe(502);
      expect(await errorOf(res)).toBe('carrier_unavailable');
    } finally {
      c.outage.down = false;
    }
    expect((await shipmentOf(c.t, shipment.id)).status).toBe('label_created');
  });
});

describe('tracking for the edge', () => {
  it('answers the same 404 for a missing, foreign or malformed order token', async () => {
    const a = await codOrder(c.t);
    const b = await codOrder(c.t);
    for (const res of [
      await getTracking(c.t, a.placed.order.id, b.placed.orderToken),
      await getTracking(c.t, a.placed.order.id, ''),
      await getTracking(c.t, a.placed.order.id, `${a.placed.order.id}.4102444800.forged`),
      await getTracking(c.t, 'ord_UNKNOWN', a.placed.orderToken),
    ]) {
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ error: { code: 'order_not_found', message: 'No such order' } });
    }
    const own = await getTracking(c.t, a.placed.order.id, a.placed.orderToken);
    expect(await own.json()).toEqual({ status: 'confirmed', shipments: [] });
  });

  it('refuses unsigned calls', async () => {
    const { placed } = await codOrder(c.t);
    const res = await c.t.origin.app.request(`/internal/orders/${placed.order.id}/tracking`, {
      headers: { 'x-order-token': placed.orderToken },
    });
    expect(res.status).toBe(401);
  });
});

describe('the OpenAPI document', () => {
  it('lists the shipment routes', async () => {
    const doc = (await (await c.t.origin.app.request('/openapi.json')).json()) as { paths: Record<string, object> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/admin/orders/{id}/shipments',
        '/admin/shipments/{id}',
        '/admin/shipments/{id}/mark-shipped',
        '/admin/shipments/{id}/mark-delivered',
        '/admin/shipments/{id}/cancel',
        '/webhooks/carriers/{carrier}',
        '/internal/orders/{id}/tracking',
      ]),
    );
  });
});
