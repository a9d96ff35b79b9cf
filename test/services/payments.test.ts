/**
 * Money invariants under real concurrency (PostgreSQL; PGlite runs one transaction at a time
 * and would hide every race): refunds never exceed what was captured, one Idempotency-Key is
 * one refund, one checkout key is one charge, duplicate webhooks and captures apply once, and
 * of concurrent attempts to pay a declined order again one wins (one live attempt, one charge).
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckoutResponse } from '../../contract/orders';
import type { OutboxEvent } from '../../origin/platform/outbox/outbox';
import { signatureHeader } from '../../sandbox/lib/signing';
import { checkoutRequest, postCheckout, postPaymentRetry, setupShipping, stockedVariant } from '../support/checkout';
import { serverDatabase } from '../support/db';
import { CARD_WEBHOOK_SECRET, type PaymentsHarness, startPaymentsOrigin } from '../support/payments';

describe.skipIf(!serverDatabase())('payments under concurrency (PostgreSQL)', () => {
  let t: PaymentsHarness;
  beforeAll(async () => {
    t = await startPaymentsOrigin({ CARD_CAPTURE: 'manual' });
    await setupShipping(t);
  });
  afterAll(() => t.close());

  async function cardOrder(capture = true) {
    const v = await stockedVariant(t);
    const res = await postCheckout(
      t,
      checkoutRequest([{ variantId: v.id, quantity: 2, unitPrice: 2500 }], {
        paymentMethod: 'card',
        card: { token: 'tok_visa' },
      }),
    );
    const { order } = (await res.json()) as CheckoutResponse;
    await t.settle();
    if (capture) {
      await t.admin('POST', `/admin/orders/${order.id}/capture`);
      await t.settle();
    }
    return order;
  }
  const refund = (orderId: string, key: string, amount?: number) =>
    t.origin.app.request(`/admin/orders/${orderId}/refunds`, {
      method: 'POST',
      headers: { authorization: 'Bearer test-admin-token', 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(amount === undefined ? {} : { amount }),
    });
  const payments = async (orderId: string) =>
    (await (await t.admin('GET', `/admin/orders/${orderId}/payments`)).json()) as {
      items: { providerRef: string; captured: { amount: number }; refunded: { amount: number } }[];
      refunds: { id: string; status: string; amount: { amount: number } }[];
    };
  const eventsOf = async (ref: string) =>
    ((await (await t.cardApi('GET', `/v1/events?paymentIntent=${ref}`)).json()) as { items: { type: string }[] }).items;

  it('never refunds more than was captured, whatever the number of concurrent refunds', async () => {
    const order = await cardOrder(); // 5 500 captured
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => refund(order.id, `k${i}`, 500)));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(11);
    expect(statuses.filter((s) => s !== 201).every((s) => s === 422 || s === 409)).toBe(true);
    await t.settle();
    const after = await payments(order.id);
    expect(after.items[0]?.refunded.amount).toBe(5500);
    const intent = (await (await t.cardApi('GET', `/v1/payment_intents/${after.items[0]?.providerRef}`)).json()) as {
      amountRefunded: number;
    };
    expect(intent.amountRefunded).toBe(5500);
  });

  it('makes one refund of concurrent requests with the same Idempotency-Key', async () => {
    const order = await cardOrder();
    const answers = await Promise.all(Array.from({ length: 20 }, () => refund(order.id, 'same', 1000)));
    const ids = new Set(await Promise.all(answers.map(async (a) => ((await a.json()) as { id: string }).id)));
    expect(ids.size).toBe(1);
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    await t.settle();
    const after = await payments(order.id);
    expect(after.refunds).toHaveLength(1);
    expect(after.items[0]?.refunded.amount).toBe(1000);
    expect(
      (await eventsOf(after.items[0]?.providerRef as string)).filter((e) => e.type === 'refund.succeeded'),
    ).toHaveLength(1);
  });

  it('captures once for concurrent capture requests', async () => {
    const order = await cardOrder(false);
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => t.admin('POST', `/admin/orders/${order.id}/capture`)),
    );
    expect(answers.every((a) => a.status === 200)).toBe(true);
    await t.settle();
    const ref = (await payments(order.id)).items[0]?.providerRef as string;
    expect((await eventsOf(ref)).filter((e) => e.type === 'payment_intent.captured')).toHaveLength(1);
    const history = (await (await t.admin('GET', `/admin/orders/${order.id}`)).json()) as { history: { to: string }[] };
    expect(history.history.filter((h) => h.to === 'paid')).toHaveLength(1);
  });

  it('charges once for concurrent retries of one checkout', async () => {
    const v = await stockedVariant(t);
    const req = checkoutRequest([{ variantId: v.id, quantity: 1, unitPrice: 2500 }], {
      paymentMethod: 'card',
      card: { token: 'tok_visa' },
    });
    const answers = await Promise.all(Array.from({ length: 15 }, () => postCheckout(t, req)));
    const bodies = (await Promise.all(answers.map((a) => a.json()))) as CheckoutResponse[];
    expect(new Set(bodies.map((b) => b.order.id)).size).toBe(1);
    await t.settle();
    const p = await payments(bodies[0]?.order.id as string);
    expect(p.items).toHaveLength(1);
    // Every intent the provider saw for this order: one, authorised once.
    const all = (await (await t.cardApi('GET', '/v1/events')).json()) as {
      items: { type: string; data: { object: { id: string; reference?: string } } }[];
    };
    const mine = all.items.filter((e) => e.data.object.reference === bodies[0]?.order.id);
    expect(new Set(mine.map((e) => e.data.object.id))).toEqual(new Set([p.items[0]?.providerRef]));
    expect(mine.filter((e) => e.type === 'payment_intent.authorized')).toHaveLength(1);
  });

  it('applies a webhook once when its redeliveries and queue deliveries race', async () => {
    const order = await cardOrder(false); // authorised, waiting for capture
    const ref = (await payments(order.id)).items[0]?.providerRef as string;
    const body = JSON.stringify({
      id: `evt_race_${order.id}`,
      type: 'payment_intent.captured',
      createdAt: new Date().toISOString(),
      data: {
        object: {
          id: ref,
          amount: 5500,
          amountCaptured: 5500,
          status: 'captured',
          failureCode: null,
          nextAction: null,
        },
      },
    });
    // Twenty redeliveries, each freshly signed (distinct timestamps), all at once.
    const answers = await Promise.all(
      Array.from({ length: 20 }, async (_, i) =>
        t.origin.app.request('/webhooks/payments/sandbox-card', {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'sandbox-signature': await signatureHeader(CARD_WEBHOOK_SECRET, body, Date.now() - i * 1000),
          },
          body,
        }),
      ),
    );
    const results = await Promise.all(answers.map((a) => a.json()));
    expect(results.filter((r) => (r as { duplicate: boolean }).duplicate === false)).toHaveLength(1);
    // And the one queued event delivered ten times at once.
    const [row] = (
      (await t.origin.database.db.execute(
        sql`select id, topic, aggregate_id as "aggregateId", payload, attempts, created_at as "createdAt" from outbox_events where topic = 'payment.provider_event' and payload->>'eventId' = ${`evt_race_${order.id}`}`,
      )) as unknown as { rows: OutboxEvent[] }
    ).rows;
    expect(row).toBeDefined();
    await Promise.all(Array.from({ length: 10 }, () => t.origin.queue.dispatch(row as OutboxEvent).catch(() => null)));
    await t.settle();
    const history = (await (await t.admin('GET', `/admin/orders/${order.id}`)).json()) as {
      history: { to: string }[];
      status: string;
    };
    expect(history.status).toBe('paid');
    expect(history.history.filter((h) => h.to === 'paid')).toHaveLength(1);
    expect((await payments(order.id)).items[0]?.captured.amount).toBe(5500);
  });

  /** A card order whose card was declined (the order waits for another attempt). */
  async function declinedOrder() {
    const v = await stockedVariant(t);
    const res = await postCheckout(
      t,
      checkoutRequest([{ variantId: v.id, quantity: 1, unitPrice: 2500 }], {
        paymentMethod: 'card',
        card: { token: 'tok_decline' },
      }),
    );
    const placed = (await res.json()) as CheckoutResponse;
    await t.settle();
    return placed;
  }
  const attemptsOf = async (orderId: string) =>
    (
      (await t.origin.database.db.execute(
        sql`select id, attempt, method, status from payments where order_id = ${orderId} order by attempt`,
      )) as unknown as { rows: { id: string; attempt: number; method: string; status: string }[] }
    ).rows;
  const authorisationsOf = async (orderId: string) => {
    const all = (await (await t.cardApi('GET', '/v1/events')).json()) as {
      items: { type: string; data: { object: { reference?: string } } }[];
    };
    return all.items.filter((e) => e.data.object.reference === orderId && e.type === 'payment_intent.authorized');
  };

  it('makes one attempt of concurrent retries of a declined order (cards and COD), charging at most once', async () => {
    const placed = await declinedOrder();
    const answers = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        postPaymentRetry(t, placed.order.id, placed.orderToken, {
          idempotencyKey: `race-${i}`,
          ...(i % 2 === 0 ? { paymentMethod: 'card', card: { token: 'tok_visa' } } : { paymentMethod: 'cod' }),
        }),
      ),
    );
    const bodies = (await Promise.all(answers.map((a) => a.json()))) as { error?: { code: string } }[];
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    const codes = new Set(bodies.filter((b) => b.error).map((b) => b.error?.code));
    expect([...codes].every((c) => c === 'payment_in_progress' || c === 'order_not_awaiting_payment')).toBe(true);
    expect(answers.filter((a) => a.status !== 201).every((a) => a.status === 409)).toBe(true);
    await t.settle();
    const attempts = await attemptsOf(placed.order.id);
    expect(attempts.map((a) => a.attempt)).toEqual([1, 2]);
    expect(attempts[1]?.status).toBe(attempts[1]?.method === 'cod' ? 'pending_collection' : 'authorized');
    expect((await authorisationsOf(placed.order.id)).length).toBe(attempts[1]?.method === 'card' ? 1 : 0);
  });

  it('makes one attempt of concurrent retries with the same Idempotency-Key', async () => {
    const placed = await declinedOrder();
    const body = { idempotencyKey: 'same', paymentMethod: 'card', card: { token: 'tok_visa' } };
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => postPaymentRetry(t, placed.order.id, placed.orderToken, body)),
    );
    expect(answers.every((a) => a.status === 201)).toBe(true);
    const ids = new Set(
      await Promise.all(answers.map(async (a) => ((await a.json()) as { payment: { id: string } }).payment.id)),
    );
    expect(ids.size).toBe(1);
    await t.settle();
    expect((await attemptsOf(placed.order.id)).map((a) => a.status)).toEqual(['failed', 'authorized']);
    expect(await authorisationsOf(placed.order.id)).toHaveLength(1);
  });
});
