/**
 * The proof asked of every consumer: given every message twice and out of order, it ends in
 * the same state as with each message once, in order. Two demo consumers show the two usual
 * ways to get there (a monotonic projection, and a non-idempotent tally guarded by runOnce);
 * two broken ones show the harness catches the mistakes.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../contract/ids';
import type { DatabaseHandle } from '../../../db/client';
import { createTestDatabase } from '../../../test/support/db';
import { rowsOf } from '../outbox/claim';
import type { OutboxEvent } from '../outbox/outbox';
import { createQueue } from './create-queue';
import type { ConsumerHandler } from './queue';
import { compareRedelivery, deliverTwiceOutOfOrder, twiceOutOfOrder } from './testing';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
  await handle.db.execute(
    sql`create table demo_orders (id text primary key, status text not null, rank integer not null, total integer)`,
  );
  await handle.db.execute(
    sql`create table demo_revenue (store text primary key, amount integer not null, orders integer not null)`,
  );
});
afterAll(() => handle.close());

const RANK: Record<string, number> = { placed: 1, paid: 2, shipped: 3, delivered: 4, cancelled: 9 };

/** Order status projection: keeps the furthest status seen, whatever order events arrive in. */
const projection: ConsumerHandler = async (e, tx) => {
  const status = e.topic.split('.').at(-1) as string;
  const total = typeof e.payload.total === 'number' ? e.payload.total : null;
  await tx.execute(sql`
    insert into demo_orders (id, status, rank, total) values (${e.aggregateId}, ${status}, ${RANK[status] ?? 0}, ${total})
    on conflict (id) do update set
      status = case when excluded.rank > demo_orders.rank then excluded.status else demo_orders.status end,
      rank = greatest(excluded.rank, demo_orders.rank),
      total = coalesce(demo_orders.total, excluded.total)`);
};

/** Revenue tally: adding is not idempotent, so it relies on runOnce to see each payment once. */
const revenue: ConsumerHandler = async (e, tx) => {
  await tx.execute(sql`
    insert into demo_revenue (store, amount, orders) values (${e.payload.store as string}, ${e.payload.total as number}, 1)
    on conflict (store) do update set amount = demo_revenue.amount + excluded.amount, orders = demo_revenue.orders + 1`);
};

/** Wrong on purpose: the last event to arrive wins. */
const lastWriteWins: ConsumerHandler = async (e, tx) => {
  await tx.execute(sql`
    insert into demo_orders (id, status, rank, total) values (${e.aggregateId}, ${e.topic.split('.').at(-1) as string}, 0, null)
    on conflict (id) do update set status = excluded.status`);
};

/** One order's life: placed, paid, shipped, delivered, for a fresh order in a fresh store. */
function orderLife(): OutboxEvent[] {
  const [orderId, store] = [newId('evt').replace('evt_', 'ord_'), `store_${newId('req')}`];
  return ['placed', 'paid', 'shipped', 'delivered'].map((step) => ({
    id: newId('evt'),
    topic: `demo.order.${step}`,
    aggregateId: orderId,
    payload: { store, total: 4200 },
    attempts: 0,
    createdAt: new Date(),
  }));
}

async function endState(events: OutboxEvent[]) {
  const first = events[0] as OutboxEvent;
  const [order] = rowsOf<{ status: string; total: number | null }>(
    await handle.db.execute(sql`select status, total from demo_orders where id = ${first.aggregateId}`),
  );
  const [tally] = rowsOf<{ amount: number; orders: number }>(
    await handle.db.execute(
      sql`select amount, orders from demo_revenue where store = ${first.payload.store as string}`,
    ),
  );
  return { order, tally };
}

const demoQueue = () =>
  createQueue({ driver: 'local', pollMs: 60_000, maxAttempts: 3 }, handle.db)
    .consume('demo.order.*', 'demo.projection', projection)
    .consume('demo.order.paid', 'demo.revenue', revenue);

describe('every consumer given every message twice and out of order', () => {
  it('never delivers in the written order and always delivers each message twice', () => {
    for (let seed = 0; seed < 20; seed++) {
      const order = twiceOutOfOrder(4, seed);
      expect([...order].sort()).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
      expect(order.filter((v, i) => order.indexOf(v) === i)).not.toEqual([0, 1, 2, 3]);
    }
  });

  it('ends in the same state as one in-order delivery (demo projection and tally)', async () => {
    const queue = demoQueue();
    const { expected, outcomes } = await compareRedelivery({
      events: orderLife,
      deliver: (e) => queue.dispatch(e),
      state: endState,
      runs: 8,
    });
    expect(expected).toEqual({ order: { status: 'delivered', total: 4200 }, tally: { amount: 4200, orders: 1 } });
    for (const outcome of outcomes)
      expect({ seed: outcome.seed, ...outcome.state }).toEqual({ seed: outcome.seed, ...expected });
  });

  it('ends in the same state when duplicates overlap in time', async () => {
    const queue = demoQueue();
    const { expected, outcomes } = await compareRedelivery({
      events: orderLife,
      deliver: (e) => queue.dispatch(e),
      state: endState,
      concurrency: 2,
    });
    for (const outcome of outcomes) expect(outcome.state).toEqual(expected);
  });

  it('catches a consumer that counts a redelivered message twice', async () => {
    const raw = (e: OutboxEvent) => handle.db.transaction((tx) => revenue(e, tx));
    const events = orderLife().filter((e) => e.topic === 'demo.order.paid');
    await deliverTwiceOutOfOrder(events, raw);
    expect((await endState(events)).tally).toEqual({ amount: 8400, orders: 2 });
  });

  it('catches a consumer that lets a late message overwrite a newer state', async () => {
    const queue = createQueue({ driver: 'local', pollMs: 60_000, maxAttempts: 3 }, handle.db).consume(
      'demo.order.*',
      'demo.naive',
      lastWriteWins,
    );
    const events = orderLife();
    await deliverTwiceOutOfOrder(events, (e) => queue.dispatch(e), { seed: 1 });
    expect((await endState(events)).order?.status).not.toBe('delivered');
  });
});
