import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../contract/ids';
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
import type { OutboxEvent } from '../platform/outbox/outbox';
import { compareRedelivery } from '../platform/queue/testing';

let c: CarrierTest;
beforeAll(async () => {
  c = await startCarrierTest();
  await setupShipping(c.t);
});
afterAll(() => c.close());

interface Setup {
  orderId: string;
  token: string;
  shipments: { id: string; carrierRef: string }[];
}

/** An order of two lines in two labelled parcels. */
async function twoParcels(): Promise<Setup> {
  const { placed } = await codOrder(c.t, [1, 1]);
  const a = await shipOk(c.t, placed.order.id, { lines: [{ lineNo: 1, quantity: 1 }] });
  const b = await shipOk(c.t, placed.order.id);
  await c.settle();
  return {
    orderId: placed.order.id,
    token: placed.orderToken,
    shipments: [a, b].map((s) => ({ id: s.id, carrierRef: s.carrierRef as string })),
  };
}

const JOURNEYS = [
  ['picked_up', 'in_transit', 'out_for_delivery', 'failed_attempt', 'out_for_delivery', 'delivered'],
  ['picked_up', 'in_transit', 'out_for_delivery', 'delivered'],
] as const;

/** The carrier events of both parcels as queue messages, a minute apart by the carrier's clock. */
function carrierEvents(setup: Setup): OutboxEvent[] {
  const start = Date.now() - 3600_000;
  return setup.shipments.flatMap((s, k) =>
    (JOURNEYS[k] ?? []).map((status, i) => ({
      id: newId('evt'),
      topic: 'logistics.carrier_event',
      aggregateId: s.carrierRef,
      attempts: 0,
      createdAt: new Date(),
      payload: {
        carrier: 'sandbox-carrier',
        carrierRef: s.carrierRef,
        eventId: `evt_${s.carrierRef}_${i}`,
        status,
        at: new Date(start + (i + k) * 60_000).toISOString(),
        location: `hop ${i}`,
      },
    })),
  );
}

describe('duplicate and out-of-order carrier events', () => {
  it('converge on the state of one in-order delivery', async () => {
    const runs = 4;
    const setups: Setup[] = [];
    for (let i = 0; i <= runs; i++) setups.push(await twoParcels());
    const byRef = new Map(setups.map((s) => [s.shipments[0]?.carrierRef, s]));
    const { expected, outcomes } = await compareRedelivery({
      runs,
      events: (run) => carrierEvents(setups[run] as Setup),
      deliver: (event) => c.t.origin.queue.dispatch(event),
      state: async (events) => {
        const setup = byRef.get(events[0]?.aggregateId) as Setup;
        const history = (
          (await (await c.t.admin('GET', `/admin/orders/${setup.orderId}`)).json()) as { history: { to: string }[] }
        ).history.map((h) => h.to);
        const delivered = await c.t.origin.ctx.db
          .select()
          .from(outboxEvents)
          .where(and(eq(outboxEvents.aggregateId, setup.orderId), eq(outboxEvents.topic, 'order.delivered')));
        const tracking = await trackingOf(c.t, setup.orderId, setup.token);
        return {
          order: await orderStatus(c.t, setup.orderId),
          history,
          delivered: delivered.length,
          parcels: await Promise.all(setup.shipments.map(async (s) => (await shipmentOf(c.t, s.id)).status)),
          timelines: tracking.shipments.map((s) => s.events.map((e) => `${e.status}@${e.location ?? ''}`)),
        };
      },
    });
    expect(expected).toMatchObject({
      order: 'completed',
      history: ['confirmed', 'fulfilling', 'shipped', 'delivered', 'completed'],
      delivered: 1,
      parcels: ['delivered', 'delivered'],
    });
    for (const outcome of outcomes) expect(outcome.state, `seed ${outcome.seed}`).toEqual(expected);
  });
});

describe('a cancelled order', () => {
  it('voids the labels of its parcels that were not picked up', async () => {
    const { placed } = await codOrder(c.t, [2]);
    const shipment = await shipOk(c.t, placed.order.id);
    const res = await c.t.admin('POST', `/admin/orders/${placed.order.id}/cancel`, { reason: 'changed my mind' });
    expect(res.status).toBe(200);
    await c.settle();
    expect((await shipmentOf(c.t, shipment.id)).status).toBe('cancelled');
    const parcel = await c.carrier.fetch(
      new Request(`http://carrier.test/v1/shipments/${shipment.carrierRef}`, {
        headers: { authorization: 'Bearer ck_test_sandbox' },
      }),
    );
    expect(((await parcel.json()) as { status: string }).status).toBe('cancelled');
    // Our record of the cancellation and the carrier's own event are both kept; the shopper sees no parcel.
    const events = (await shipmentOf(c.t, shipment.id)).events.filter((e) => e.status === 'cancelled');
    expect(events.map((e) => e.source).sort()).toEqual(['carrier', 'system']);
    const tracking = await trackingOf(c.t, placed.order.id, placed.orderToken);
    expect(tracking).toEqual({ status: 'cancelled', shipments: [] });
  });

  it('retries voiding while the carrier is down', async () => {
    const { placed } = await codOrder(c.t, [1]);
    const shipment = await shipOk(c.t, placed.order.id);
    c.outage.down = true;
    expect((await c.t.admin('POST', `/admin/orders/${placed.order.id}/cancel`)).status).toBe(200);
    await c.settle();
    expect((await shipmentOf(c.t, shipment.id)).status).toBe('label_created');
    c.outage.down = false;
    await c.t.origin.ctx.db
      .update(outboxEvents)
      .set({ availableAt: new Date() })
      .where(and(eq(outboxEvents.aggregateId, placed.order.id), eq(outboxEvents.topic, 'order.cancelled')));
    await c.settle();
    expect((await shipmentOf(c.t, shipment.id)).status).toBe('cancelled');
  });
});
