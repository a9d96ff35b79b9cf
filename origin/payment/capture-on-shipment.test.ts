/**
 * Manual capture: the money is taken when the order ships. A processor that refuses the capture
 * (an authorisation that expired, say) is never ignored: the delivery is retried with backoff,
 * ends as a dead letter a person can see, and each refusal is logged as an error. And goods
 * never leave for an order whose payment is not authorised.
 */
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckoutResponse } from '../../contract/orders';
import { outboxEvents } from '../../db/schema/outbox';
import { checkoutRequest, postCheckout, setupShipping, stockedVariant } from '../../test/support/checkout';
import { CARD_URL, type PaymentsHarness, routeOutbound, startPaymentsOrigin } from '../../test/support/payments';
import type { Logger } from '../platform/logger';

const MAX_ATTEMPTS = 3;
/** The processor's answer to a capture it refuses, in its own HTTP contract. */
const refuseCaptures = { on: false };
const errors: { message: string; fields: Record<string, unknown> }[] = [];
const log: Logger = { info() {}, warn() {}, error: (message, fields = {}) => errors.push({ message, fields }) };

let t: PaymentsHarness;
beforeAll(async () => {
  const outboundFetch = routeOutbound({
    [CARD_URL]: async (req) => {
      if (refuseCaptures.on && req.url.endsWith('/capture')) {
        return Response.json(
          { error: { code: 'authorization_expired', message: 'The authorization has expired' } },
          { status: 402 },
        );
      }
      return t.card.fetch(req);
    },
  });
  t = await startPaymentsOrigin(
    { CARD_CAPTURE: 'manual', OUTBOX_MAX_ATTEMPTS: String(MAX_ATTEMPTS) },
    { outboundFetch, log },
  );
  await setupShipping(t);
});
afterAll(() => t.close());

async function authorisedOrder() {
  const v = await stockedVariant(t);
  const res = await postCheckout(
    t,
    checkoutRequest([{ variantId: v.id, quantity: 1, unitPrice: 2500 }], {
      paymentMethod: 'card',
      card: { token: 'tok_visa' },
    }),
  );
  const placed = (await res.json()) as CheckoutResponse;
  await t.settle();
  return placed.order.id;
}

const admin = async <T>(method: string, path: string, body?: unknown) =>
  (await (await t.admin(method, path, body)).json()) as T;
const paymentOf = async (orderId: string) =>
  (await admin<{ items: { status: string; providerRef: string }[] }>('GET', `/admin/orders/${orderId}/payments`))
    .items[0];
const captureEvent = (orderId: string) =>
  t.origin.ctx.db
    .select()
    .from(outboxEvents)
    .where(
      and(
        eq(outboxEvents.aggregateId, orderId),
        eq(outboxEvents.topic, 'order.status_changed'),
        sql`${outboxEvents.payload}->>'to' = 'shipped'`,
      ),
    );

describe('capture at shipment', () => {
  it('retries a refused capture with backoff, then keeps it as a dead letter, logging each refusal', async () => {
    const orderId = await authorisedOrder();
    expect((await paymentOf(orderId))?.status).toBe('authorized');
    expect((await t.admin('POST', `/admin/orders/${orderId}/shipments`)).status).toBe(201);
    refuseCaptures.on = true;
    try {
      expect((await t.admin('POST', `/admin/orders/${orderId}/transition`, { to: 'shipped' })).status).toBe(200);
      await t.drain();
      const [first] = await captureEvent(orderId);
      expect(first).toMatchObject({ status: 'pending', attempts: 1 });
      expect(first?.lastError).toContain('refused');
      // Backoff: the retry is not due yet; bring each one forward instead of waiting.
      for (let attempt = 2; attempt <= MAX_ATTEMPTS; attempt++) {
        await t.origin.ctx.db.execute(sql`update outbox_events set available_at = now() where id = ${first?.id}`);
        await t.drain();
      }
      const [dead] = await captureEvent(orderId);
      expect(dead).toMatchObject({ status: 'dead', attempts: MAX_ATTEMPTS });
      const letters = await admin<{ items: { id: string; topic: string; lastError: string }[] }>(
        'GET',
        '/admin/queue/dead-letters',
      );
      expect(letters.items.find((l) => l.id === dead?.id)).toMatchObject({ topic: 'order.status_changed' });
      expect(errors.filter((e) => e.fields.orderId === orderId)).toHaveLength(MAX_ATTEMPTS);
      expect((await paymentOf(orderId))?.status).toBe('authorized');
    } finally {
      refuseCaptures.on = false;
    }
  });

  it('refuses to ship an order whose authorisation was cancelled, by shipment or by hand', async () => {
    const orderId = await authorisedOrder();
    const ref = (await paymentOf(orderId))?.providerRef;
    // The processor cancels the authorisation (it expired); its webhook reaches the origin.
    expect((await t.cardApi('POST', `/v1/payment_intents/${ref}/cancel`, {})).status).toBe(200);
    await t.settle();
    expect((await paymentOf(orderId))?.status).toBe('cancelled');
    const shipped = await t.admin('POST', `/admin/orders/${orderId}/shipments`);
    expect(shipped.status).toBe(409);
    expect(await shipped.json()).toMatchObject({ error: { code: 'payment_not_authorized' } });
    const byHand = await t.admin('POST', `/admin/orders/${orderId}/transition`, { to: 'fulfilling' });
    expect(byHand.status).toBe(409);
    expect(await byHand.json()).toMatchObject({ error: { code: 'payment_not_authorized' } });
    expect(((await admin<{ status: string }>('GET', `/admin/orders/${orderId}`)) as { status: string }).status).toBe(
      'confirmed',
    );
  });
});
