import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trackingEvents } from '../../db/schema/logistics';
import { outboxEvents } from '../../db/schema/outbox';
import { webhookReceipts } from '../../db/schema/webhooks';
import { signatureHeader } from '../../sandbox/lib/signing';
import {
  CARRIER_WEBHOOK_PATH,
  CARRIER_WEBHOOK_SECRET,
  type CarrierTest,
  codOrder,
  orderStatus,
  setupShipping,
  shipmentOf,
  shipOk,
  startCarrierTest,
} from '../../test/support/carrier';
import type { ShipmentView } from './shipment-view';

let c: CarrierTest;
beforeAll(async () => {
  c = await startCarrierTest();
  await setupShipping(c.t);
});
afterAll(() => c.close());

let n = 0;
/** A tracking webhook body as the sandbox carrier sends it. */
function hookBody(shipment: ShipmentView, status: string, minutesAgo = 0) {
  return JSON.stringify({
    id: `evt_test_${Date.now()}_${n++}`,
    type: 'tracking.updated',
    createdAt: new Date().toISOString(),
    data: {
      shipmentId: shipment.carrierRef,
      trackingNumber: shipment.trackingNumber,
      reference: shipment.orderId,
      status,
      at: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
      location: 'Test hub',
    },
  });
}

function post(body: string, signature: string | null, path = CARRIER_WEBHOOK_PATH) {
  return c.t.origin.app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(signature ? { 'carrier-signature': signature } : {}) },
    body,
  });
}

async function labelled() {
  const { placed } = await codOrder(c.t);
  const shipment = await shipOk(c.t, placed.order.id);
  await c.settle();
  return { orderId: placed.order.id, shipment };
}

/** Everything a refused webhook must leave untouched. */
async function stateOf(orderId: string, shipmentId: string) {
  const db = c.t.origin.ctx.db;
  const [receipts] = await db.select({ n: count() }).from(webhookReceipts);
  const [queued] = await db
    .select({ n: count() })
    .from(outboxEvents)
    .where(eq(outboxEvents.topic, 'logistics.carrier_event'));
  const shipment = await shipmentOf(c.t, shipmentId);
  return {
    order: await orderStatus(c.t, orderId),
    shipment: shipment.status,
    events: shipment.events.length,
    receipts,
    queued,
  };
}

describe('carrier webhooks: refused', () => {
  it('refuses a forged signature with 401 and changes nothing', async () => {
    const { orderId, shipment } = await labelled();
    const before = await stateOf(orderId, shipment.id);
    const body = hookBody(shipment, 'delivered');
    const forged = await post(body, await signatureHeader('whsec_guessed', body));
    expect(forged.status).toBe(401);
    expect(await forged.json()).toMatchObject({ error: { code: 'invalid_signature' } });
    const tampered = await post(
      body.replace('Test hub', 'Elsewhere'),
      await signatureHeader(CARRIER_WEBHOOK_SECRET, body),
    );
    expect(tampered.status).toBe(401);
    expect((await post(body, null)).status).toBe(401);
    expect((await post(body, `t=${Math.floor(Date.now() / 1000)},v1=zz`)).status).toBe(401);
    await c.settle();
    expect(await stateOf(orderId, shipment.id)).toEqual(before);
  });

  it('refuses a timestamp outside the tolerance with 400 stale_webhook', async () => {
    const { orderId, shipment } = await labelled();
    const before = await stateOf(orderId, shipment.id);
    const body = hookBody(shipment, 'picked_up');
    for (const skew of [-10 * 60_000, 10 * 60_000]) {
      const res = await post(body, await signatureHeader(CARRIER_WEBHOOK_SECRET, body, Date.now() + skew));
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: 'stale_webhook' } });
    }
    await c.settle();
    expect(await stateOf(orderId, shipment.id)).toEqual(before);
  });

  it('refuses a byte-for-byte replay with 409, the event applied once', async () => {
    const { orderId, shipment } = await labelled();
    const body = hookBody(shipment, 'picked_up');
    const signature = await signatureHeader(CARRIER_WEBHOOK_SECRET, body);
    expect((await post(body, signature)).status).toBe(200);
    await c.settle();
    const after = await stateOf(orderId, shipment.id);
    expect(after).toMatchObject({ order: 'shipped', shipment: 'picked_up' });
    const replay = await post(body, signature);
    expect(replay.status).toBe(409);
    expect(await replay.json()).toMatchObject({ error: { code: 'webhook_replayed' } });
    await c.settle();
    expect(await stateOf(orderId, shipment.id)).toEqual(after);
  });

  it('answers 404 for an unknown carrier and 400 for a signed body that is not a tracking event', async () => {
    const { shipment } = await labelled();
    const body = hookBody(shipment, 'picked_up');
    const unknown = await post(body, await signatureHeader(CARRIER_WEBHOOK_SECRET, body), '/webhooks/carriers/acme');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 'unknown_carrier' } });
    const odd = JSON.stringify({ id: 'evt_x', type: 'tracking.updated', data: { status: 'teleported' } });
    const res = await post(odd, await signatureHeader(CARRIER_WEBHOOK_SECRET, odd));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'invalid_request' } });
  });
});

describe('carrier webhooks: redelivered', () => {
  it('acknowledges a redelivery (same event id, fresh signature) with 200 and applies it once', async () => {
    const { orderId, shipment } = await labelled();
    const body = hookBody(shipment, 'in_transit');
    const first = await post(body, await signatureHeader(CARRIER_WEBHOOK_SECRET, body, Date.now() - 2000));
    expect(await first.json()).toEqual({ received: true, duplicate: false });
    const again = await post(body, await signatureHeader(CARRIER_WEBHOOK_SECRET, body));
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ received: true, duplicate: true });
    await c.settle();
    const view = await shipmentOf(c.t, shipment.id);
    expect(view.status).toBe('in_transit');
    expect(view.events.filter((e) => e.status === 'in_transit')).toHaveLength(1);
    expect(await orderStatus(c.t, orderId)).toBe('shipped');
  });

  it('keeps a carrier event once even when it reaches the consumer under two queue messages', async () => {
    const { shipment } = await labelled();
    const eventId = `evt_twice_${Date.now()}`;
    const message = {
      topic: 'logistics.carrier_event',
      aggregateId: shipment.carrierRef as string,
      attempts: 0,
      createdAt: new Date(),
      payload: {
        carrier: 'sandbox-carrier',
        carrierRef: shipment.carrierRef,
        eventId,
        status: 'picked_up',
        at: new Date().toISOString(),
        location: null,
      },
    };
    await c.t.origin.queue.dispatch({ ...message, id: `${eventId}_a` });
    await c.t.origin.queue.dispatch({ ...message, id: `${eventId}_b` });
    const rows = await c.t.origin.ctx.db
      .select()
      .from(trackingEvents)
      .where(and(eq(trackingEvents.shipmentId, shipment.id), eq(trackingEvents.externalId, eventId)));
    expect(rows).toHaveLength(1);
  });

  it('applies the carrier’s own redelivery of a sent event once', async () => {
    const { shipment } = await labelled();
    await c.advance(shipment.carrierRef as string);
    await c.settle();
    const sent = c.carrier.deliveries.filter((d) => d.event.data.shipmentId === shipment.carrierRef);
    const pickedUp = sent.find((d) => d.event.data.status === 'picked_up');
    await new Promise((r) => setTimeout(r, 1100)); // a fresh timestamp, hence a fresh signature
    expect(await c.carrier.resend(pickedUp?.event.id as string)).toBe(200);
    await c.settle();
    const view = await shipmentOf(c.t, shipment.id);
    expect(view.events.filter((e) => e.status === 'picked_up')).toHaveLength(1);
  });
});
