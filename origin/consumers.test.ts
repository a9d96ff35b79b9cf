import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckoutResponse } from '../contract/orders';
import { outboxEvents } from '../db/schema/outbox';
import { checkoutRequest, postCheckout, setupShipping, stockedVariant, stockOf } from '../test/support/checkout';
import { startTestOrigin, type TestOrigin } from '../test/support/origin';
import type { OutboxEvent } from './platform/outbox/outbox';
import { compareRedelivery } from './platform/queue/testing';

let t: TestOrigin;
beforeAll(async () => {
  t = await startTestOrigin({ RESERVATION_TTL_SECONDS: '1' });
  await setupShipping(t);
});
afterAll(() => t.close());

async function cardOrder() {
  const variant = await stockedVariant(t, 2500, 10);
  const res = await postCheckout(
    t,
    checkoutRequest([{ variantId: variant.id, quantity: 2, unitPrice: 2500 }], {
      paymentMethod: 'card',
      card: { token: 'tok_visa' },
    }),
  );
  return { variant, placed: (await res.json()) as CheckoutResponse };
}

const status = async (id: string) =>
  ((await (await t.admin('GET', `/admin/orders/${id}`)).json()) as { status: string }).status;

async function deadlineEvent(orderId: string): Promise<OutboxEvent> {
  const [row] = await t.origin.ctx.db
    .select()
    .from(outboxEvents)
    .where(and(eq(outboxEvents.aggregateId, orderId), eq(outboxEvents.topic, 'order.payment_deadline')));
  if (!row) throw new Error(`no deadline event for ${orderId}`);
  return { ...row, attempts: 0 };
}

describe('payment deadline consumer', () => {
  it('cancels an unpaid card order through the queue once its deadline passes', async () => {
    const { placed, variant } = await cardOrder();
    await t.drain();
    expect(await status(placed.order.id)).toBe('pending_payment');
    await new Promise((r) => setTimeout(r, 1100));
    await t.drain();
    expect(await status(placed.order.id)).toBe('cancelled');
    expect(await stockOf(t, variant.id)).toMatchObject({ reserved: 0, available: 10 });
  });

  it('ends in the same state when every deadline arrives twice and out of order', async () => {
    const runs = 3;
    const sets: { orders: Awaited<ReturnType<typeof cardOrder>>[]; events: OutboxEvent[] }[] = [];
    for (let run = 0; run <= runs; run++) {
      const unpaid = await cardOrder();
      const paid = await cardOrder();
      // Paid meanwhile: the deadline must leave this one alone.
      await t.origin.ctx.db.execute(sql`update orders set status = 'confirmed' where id = ${paid.placed.order.id}`);
      sets.push({
        orders: [unpaid, paid],
        events: [await deadlineEvent(unpaid.placed.order.id), await deadlineEvent(paid.placed.order.id)],
      });
    }
    const { expected, outcomes } = await compareRedelivery({
      runs,
      events: (run) => sets[run]?.events ?? [],
      deliver: (event) => t.origin.queue.dispatch(event),
      state: async (events) => {
        const set = sets.find((s) => s.events === events);
        return Promise.all(
          (set?.orders ?? []).map(async (o) => ({
            status: await status(o.placed.order.id),
            stock: await stockOf(t, o.variant.id),
          })),
        ).then((rows) =>
          rows.map((r) => ({ status: r.status, reserved: r.stock.reserved, available: r.stock.available })),
        );
      },
    });
    expect(expected).toEqual([
      { status: 'cancelled', reserved: 0, available: 10 },
      { status: 'confirmed', reserved: 2, available: 8 },
    ]);
    for (const outcome of outcomes) expect(outcome.state, `seed ${outcome.seed}`).toEqual(expected);
  });
});
