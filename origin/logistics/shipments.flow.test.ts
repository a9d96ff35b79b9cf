import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxEvents } from '../../db/schema/outbox';
import {
  type CarrierTest,
  codOrder,
  orderStatus,
  setupShipping,
  shipmentOf,
  shipOk,
  startCarrierTest,
  trackingOf,
} from '../../test/support/carrier';
import { stockOf } from '../../test/support/checkout';

let c: CarrierTest;
beforeAll(async () => {
  c = await startCarrierTest();
  await setupShipping(c.t);
});
afterAll(() => c.close());

const outboxOf = (orderId: string, topic: string) =>
  c.t.origin.ctx.db
    .select()
    .from(outboxEvents)
    .where(and(eq(outboxEvents.aggregateId, orderId), eq(outboxEvents.topic, topic)));

const history = async (orderId: string) =>
  ((await (await c.t.admin('GET', `/admin/orders/${orderId}`)).json()) as { history: { to: string }[] }).history.map(
    (h) => h.to,
  );

describe('a cash-on-delivery order, shipped and delivered', () => {
  it('walks the parcel through every step to a completed order and an order.delivered event', async () => {
    const { placed, variants } = await codOrder(c.t, [2]);
    const orderId = placed.order.id;
    const shipment = await shipOk(c.t, orderId);
    expect(shipment).toMatchObject({
      orderId,
      carrier: 'sandbox-carrier',
      status: 'label_created',
      lines: [{ lineNo: 1, quantity: 2 }],
    });
    expect(shipment.trackingNumber).toMatch(/^SBX/);
    expect(shipment.labelUrl).toBe(`http://carrier.test/labels/${shipment.carrierRef}.pdf`);
    expect(await orderStatus(c.t, orderId)).toBe('fulfilling');
    await c.settle();

    const ref = shipment.carrierRef as string;
    const seen: [string, string][] = [];
    for (let step = 0; step < 4; step++) {
      await c.advance(ref);
      await c.settle();
      seen.push([(await shipmentOf(c.t, shipment.id)).status, await orderStatus(c.t, orderId)]);
    }
    expect(seen).toEqual([
      ['picked_up', 'shipped'],
      ['in_transit', 'shipped'],
      ['out_for_delivery', 'shipped'],
      ['delivered', 'completed'],
    ]);
    expect(await history(orderId)).toEqual(['confirmed', 'fulfilling', 'shipped', 'delivered', 'completed']);
    // Shipping took the units out of on_hand.
    expect(await stockOf(c.t, variants[0]?.id as string)).toMatchObject({ onHand: 8, reserved: 0, available: 8 });

    const done = await shipmentOf(c.t, shipment.id);
    const delivered = await outboxOf(orderId, 'order.delivered');
    expect(delivered).toHaveLength(1);
    expect(delivered[0]?.payload).toEqual({ deliveredAt: done.deliveredAt });

    const tracking = await trackingOf(c.t, orderId, placed.orderToken);
    expect(tracking.status).toBe('completed');
    expect(tracking.shipments).toHaveLength(1);
    expect(tracking.shipments[0]).toMatchObject({
      carrier: 'sandbox-carrier',
      trackingNumber: shipment.trackingNumber,
    });
    expect(tracking.shipments[0]?.events.map((e) => e.status)).toEqual([
      'label_created',
      'picked_up',
      'in_transit',
      'out_for_delivery',
      'delivered',
    ]);
    expect(tracking.shipments[0]?.events[4]).toMatchObject({ location: 'Springfield, US' });
    expect(tracking.shipments[0]?.events[0]).not.toHaveProperty('location');
  });

  it('ships in two parcels: the order stays fulfilling until the second one leaves, each parcel commits its own stock', async () => {
    const { placed, variants } = await codOrder(c.t, [3, 1]);
    const orderId = placed.order.id;
    const first = await shipOk(c.t, orderId, { lines: [{ lineNo: 1, quantity: 2 }] });
    await c.advance(first.carrierRef as string, 2);
    await c.settle();
    expect(await orderStatus(c.t, orderId)).toBe('fulfilling');
    // Partially shipped: the two units that left are out of on hand; the third stays reserved.
    expect(await stockOf(c.t, variants[0]?.id as string)).toMatchObject({ onHand: 8, reserved: 1, available: 7 });
    expect(await stockOf(c.t, variants[1]?.id as string)).toMatchObject({ onHand: 10, reserved: 1, available: 9 });

    const listed = (await (await c.t.admin('GET', `/admin/orders/${orderId}/shipments`)).json()) as {
      unshipped: { lineNo: number; quantity: number }[];
      shipments: unknown[];
    };
    expect(listed.unshipped).toEqual([
      { lineNo: 1, quantity: 1 },
      { lineNo: 2, quantity: 1 },
    ]);
    const second = await shipOk(c.t, orderId);
    expect(second.lines).toEqual(listed.unshipped);
    await c.settle();
    expect(await orderStatus(c.t, orderId)).toBe('fulfilling');

    await c.advance(second.carrierRef as string);
    await c.settle();
    expect(await orderStatus(c.t, orderId)).toBe('shipped');
    expect(await stockOf(c.t, variants[0]?.id as string)).toMatchObject({ onHand: 7, reserved: 0 });
    expect(await stockOf(c.t, variants[1]?.id as string)).toMatchObject({ onHand: 9, reserved: 0 });

    await c.advance(second.carrierRef as string, 3);
    await c.settle();
    expect(await orderStatus(c.t, orderId)).toBe('shipped');
    expect(await outboxOf(orderId, 'order.delivered')).toHaveLength(0);
    await c.advance(first.carrierRef as string, 2);
    await c.settle();
    expect(await orderStatus(c.t, orderId)).toBe('completed');
    expect(await outboxOf(orderId, 'order.delivered')).toHaveLength(1);
    const tracking = await trackingOf(c.t, orderId, placed.orderToken);
    expect(tracking.shipments.map((s) => s.status)).toEqual(['delivered', 'delivered']);
  });

  it('delivers after a failed attempt', async () => {
    const { placed } = await codOrder(c.t);
    const shipment = await shipOk(c.t, placed.order.id, { scenario: 'failed_attempt' });
    await c.advance(shipment.carrierRef as string, 4);
    await c.settle();
    expect((await shipmentOf(c.t, shipment.id)).status).toBe('failed_attempt');
    expect(await orderStatus(c.t, placed.order.id)).toBe('shipped');
    await c.advance(shipment.carrierRef as string, 2);
    await c.settle();
    expect(await orderStatus(c.t, placed.order.id)).toBe('completed');
    const tracking = await trackingOf(c.t, placed.order.id, placed.orderToken);
    expect(tracking.shipments[0]?.events.map((e) => e.status).slice(3)).toEqual([
      'out_for_delivery',
      'failed_attempt',
      'out_for_delivery',
      'delivered',
    ]);
  });

  it('keeps a returned parcel’s order shipped (never delivered) and announces the return', async () => {
    const { placed } = await codOrder(c.t);
    const shipment = await shipOk(c.t, placed.order.id, { scenario: 'return' });
    await c.advance(shipment.carrierRef as string, 5);
    await c.settle();
    expect((await shipmentOf(c.t, shipment.id)).status).toBe('returned');
    expect(await orderStatus(c.t, placed.order.id)).toBe('shipped');
    expect(await outboxOf(placed.order.id, 'order.delivered')).toHaveLength(0);
    expect(await outboxOf(placed.order.id, 'logistics.shipment_returned')).toHaveLength(1);
  });
});

describe('manual marks', () => {
  it('marks a shipment shipped, then delivered, by hand; repeating is harmless', async () => {
    const { placed } = await codOrder(c.t);
    const orderId = placed.order.id;
    const shipment = await shipOk(c.t, orderId);
    const shipped = await c.t.admin('POST', `/admin/shipments/${shipment.id}/mark-shipped`);
    expect(shipped.status).toBe(200);
    expect(await shipped.json()).toMatchObject({ status: 'picked_up', shippedAt: expect.any(String) });
    expect((await c.t.admin('POST', `/admin/shipments/${shipment.id}/mark-shipped`)).status).toBe(200);
    expect(await orderStatus(c.t, orderId)).toBe('shipped');

    const delivered = await c.t.admin('POST', `/admin/shipments/${shipment.id}/mark-delivered`);
    expect(await delivered.json()).toMatchObject({ status: 'delivered', deliveredAt: expect.any(String) });
    expect((await c.t.admin('POST', `/admin/shipments/${shipment.id}/mark-delivered`)).status).toBe(200);
    expect(await orderStatus(c.t, orderId)).toBe('completed');
    expect(await outboxOf(orderId, 'order.delivered')).toHaveLength(1);

    const view = await shipmentOf(c.t, shipment.id);
    expect(view.events.filter((e) => e.source === 'manual').map((e) => e.status)).toEqual(['picked_up', 'delivered']);
    // The carrier's late scans change nothing any more.
    await c.settle();
    await c.advance(shipment.carrierRef as string, 2);
    await c.settle();
    expect((await shipmentOf(c.t, shipment.id)).status).toBe('delivered');
  });
});

describe('an unreachable carrier', () => {
  it('commits the shipment pending, then the queue gets the one label with the same key', async () => {
    const { placed } = await codOrder(c.t);
    c.outage.down = true;
    const res = await c.t.admin('POST', `/admin/orders/${placed.order.id}/shipments`);
    expect(res.status).toBe(201);
    const pending = (await res.json()) as { id: string; status: string; trackingNumber: string | null };
    expect(pending).toMatchObject({ status: 'pending', trackingNumber: null });
    expect(await orderStatus(c.t, placed.order.id)).toBe('fulfilling');
    c.outage.down = false;
    // The retry is scheduled a little later (so it does not race the first call); bring it forward.
    await c.t.origin.ctx.db.execute(
      sql`update outbox_events set available_at = now() where topic = 'logistics.label_requested' and aggregate_id = ${pending.id}`,
    );
    await c.settle();
    const labelled = await shipmentOf(c.t, pending.id);
    expect(labelled.status).toBe('label_created');
    expect(labelled.trackingNumber).toMatch(/^SBX/);
    expect(c.carrier.deliveries.filter((d) => d.event.data.reference === placed.order.id)).toHaveLength(1);
  });

  it('never buys a second label when the first answer was lost', async () => {
    const { placed } = await codOrder(c.t);
    const shipment = await shipOk(c.t, placed.order.id);
    // The label request's retry arrives anyway (e.g. the process died before it saw the answer).
    await c.t.origin.ctx.db.execute(
      sql`update shipments set carrier_ref = null, tracking_number = null, label_url = null, status = 'pending' where id = ${shipment.id}`,
    );
    await c.t.origin.ctx.db.execute(
      sql`update outbox_events set available_at = now() where topic = 'logistics.label_requested' and aggregate_id = ${shipment.id}`,
    );
    await c.settle();
    const again = await shipmentOf(c.t, shipment.id);
    expect(again).toMatchObject({ carrierRef: shipment.carrierRef, trackingNumber: shipment.trackingNumber });
    expect(c.carrier.deliveries.filter((d) => d.event.data.reference === placed.order.id)).toHaveLength(1);
  });
});
