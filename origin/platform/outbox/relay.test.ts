import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../../db/client';
import { outboxEvents } from '../../../db/schema/outbox';
import { createTestDatabase } from '../../../test/support/db';
import { backoffMs } from './backoff';
import { enqueue, type OutboxEvent } from './outbox';
import { OutboxRelay } from './relay';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle.close());

const topic = () => `test.${Math.random().toString(36).slice(2)}.happened`;
const relay = (maxAttempts = 3) => new OutboxRelay(handle.db, { pollMs: 60_000, maxAttempts });
const row = async (id: string) => (await handle.db.select().from(outboxEvents).where(eq(outboxEvents.id, id)))[0];
const makeDue = (id: string) => handle.db.execute(sql`update outbox_events set available_at = now() where id = ${id}`);

describe('OutboxRelay', () => {
  it('delivers committed events to the topic handler once, in order', async () => {
    const t = topic();
    const ids = await handle.db.transaction((tx) =>
      enqueue(tx, ...[1, 2, 3].map((n) => ({ topic: t, aggregateId: `a${n}`, payload: { n } }))),
    );
    const got: OutboxEvent[] = [];
    const r = relay().on(t, async (events) => {
      got.push(...events);
    });
    await r.drain();
    await r.drain();
    expect(got.map((e) => e.id)).toEqual(ids);
    expect(got.map((e) => e.payload.n)).toEqual([1, 2, 3]);
    for (const id of ids) expect(await row(id)).toMatchObject({ status: 'delivered', attempts: 0 });
  });

  it('never delivers events of a transaction that rolled back', async () => {
    const t = topic();
    await handle.db
      .transaction(async (tx) => {
        await enqueue(tx, { topic: t, aggregateId: 'x' });
        throw new Error('rollback');
      })
      .catch(() => {});
    const got: OutboxEvent[] = [];
    await relay()
      .on(t, async (events) => {
        got.push(...events);
      })
      .drain();
    expect(got).toEqual([]);
  });

  it('routes a topic to a wildcard handler', async () => {
    const [id] = await enqueue(handle.db, { topic: 'wild.card.changed', aggregateId: 'w' });
    const got: string[] = [];
    await relay()
      .on('wild.*', async (events) => {
        got.push(...events.map((e) => e.id));
      })
      .drain();
    expect(got).toContain(id);
  });

  it('retries a failing handler with backoff, then dead-letters it', async () => {
    const t = topic();
    const [id] = (await enqueue(handle.db, { topic: t, aggregateId: 'f' })) as [string];
    let calls = 0;
    const r = relay(3).on(t, async () => {
      calls++;
      throw new Error('edge unreachable');
    });
    await r.drain();
    const first = await row(id);
    expect(first).toMatchObject({ status: 'pending', attempts: 1, lastError: 'edge unreachable' });
    expect(first?.availableAt.getTime()).toBeGreaterThan(Date.now());
    await r.drain();
    expect(calls).toBe(1); // not due yet
    await makeDue(id);
    await r.drain();
    await makeDue(id);
    await r.drain();
    expect(calls).toBe(3);
    expect(await row(id)).toMatchObject({ status: 'dead', attempts: 3 });
    await makeDue(id);
    await r.drain();
    expect(calls).toBe(3);
  });

  it('dead-letters events no handler knows, instead of dropping them', async () => {
    const [id] = (await enqueue(handle.db, { topic: topic(), aggregateId: 'n' })) as [string];
    const r = relay(1);
    await r.drain();
    expect(await row(id)).toMatchObject({ status: 'dead', lastError: expect.stringContaining('no handler') });
  });

  it('lets two relays share the outbox without delivering an event twice', async () => {
    const t = topic();
    const ids = await enqueue(handle.db, ...Array.from({ length: 60 }, (_, i) => ({ topic: t, aggregateId: `c${i}` })));
    const seen: string[] = [];
    const handler = async (events: OutboxEvent[]) => {
      await new Promise((r) => setTimeout(r, 5));
      seen.push(...events.map((e) => e.id));
    };
    const a = new OutboxRelay(handle.db, { pollMs: 60_000, maxAttempts: 3, batchSize: 7 }).on(t, handler);
    const b = new OutboxRelay(handle.db, { pollMs: 60_000, maxAttempts: 3, batchSize: 7 }).on(t, handler);
    await Promise.all([a.drain(), b.drain(), a.drain(), b.drain()]);
    expect(seen.sort()).toEqual([...ids].sort());
  });

  it('sends accepted topics through a per-event delivery and retries only the events that failed', async () => {
    const t = topic();
    const [good, bad] = (await enqueue(
      handle.db,
      { topic: t, aggregateId: 'good' },
      { topic: t, aggregateId: 'bad' },
    )) as [string, string];
    const sent: string[] = [];
    const r = relay().through({
      accepts: (x) => x === t,
      deliver: async (events) => {
        sent.push(...events.map((e) => e.aggregateId));
        return new Map(events.filter((e) => e.aggregateId === 'bad').map((e) => [e.id, new Error('refused')]));
      },
    });
    expect(await r.drain()).toBe(1);
    expect(sent).toEqual(['good', 'bad']);
    expect(await row(good)).toMatchObject({ status: 'delivered' });
    expect(await row(bad)).toMatchObject({ status: 'pending', attempts: 1, lastError: 'refused' });
  });

  it('holds events written with a delay or a date until they are due', async () => {
    const t = topic();
    const [delayed, dated] = (await enqueue(
      handle.db,
      { topic: t, aggregateId: 'd', delayMs: 30_000 },
      { topic: t, aggregateId: 'a', availableAt: new Date(Date.now() + 60_000) },
    )) as [string, string];
    const got: string[] = [];
    const r = relay().on(t, async (events) => void got.push(...events.map((e) => e.aggregateId)));
    await r.drain();
    expect(got).toEqual([]);
    expect((await row(delayed))?.availableAt.getTime()).toBeGreaterThan(Date.now() + 20_000);
    await makeDue(delayed);
    await makeDue(dated);
    await r.drain();
    expect(got).toEqual(['d', 'a']);
  });

  it('delivers on its own after start() and stops cleanly', async () => {
    const t = topic();
    const got: string[] = [];
    const r = relay().on(t, async (events) => {
      got.push(...events.map((e) => e.id));
    });
    r.start();
    const [id] = await enqueue(handle.db, { topic: t, aggregateId: 'k' });
    r.kick();
    for (let i = 0; i < 50 && got.length === 0; i++) await new Promise((res) => setTimeout(res, 20));
    await r.stop();
    expect(got).toEqual([id]);
  });

  it('stops after the batch in hand: the rest stays due for another instance, not leased', async () => {
    const t = topic();
    const ids = await enqueue(handle.db, ...[1, 2, 3].map((n) => ({ topic: t, aggregateId: `s${n}` })));
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let entered = () => {};
    const inHandler = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const seen: string[] = [];
    const r = new OutboxRelay(handle.db, { pollMs: 60_000, maxAttempts: 3, batchSize: 1 });
    // Only this test's topic: other tests' rows in this database fail fast and stay out of the way.
    r.on('test.*', async (events) => {
      if (!events.some((e) => e.topic === t)) throw new Error('not this test');
      seen.push(...events.map((e) => e.id));
      entered();
      await gate;
    });
    r.start();
    await inHandler;
    const stopped = r.stop();
    release();
    await stopped;
    expect(seen).toEqual([ids[0]]);
    const states = await Promise.all(ids.map((id) => row(id as string)));
    expect(states.map((s) => s?.status)).toEqual(['delivered', 'pending', 'pending']);
    const due = await handle.db.execute(
      sql`select count(*)::int as n from outbox_events where id in (${ids[1]}, ${ids[2]}) and available_at <= now()`,
    );
    expect((due as unknown as { rows: Array<{ n: number }> }).rows[0]?.n).toBe(2);
  });

  it('hands back the leases of rows it claimed but could not settle, so another relay delivers them at once', async () => {
    const t = topic();
    const [id] = await enqueue(handle.db, { topic: t, aggregateId: 'lease' });
    // The database refuses the settlement (as when the connection drops right after the claim).
    let broken = true;
    const flaky = new Proxy(handle.db, {
      get(target, prop, receiver) {
        if (prop === 'update' && broken) throw new Error('connection lost');
        const value = Reflect.get(target, prop, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const first = new OutboxRelay(flaky, { pollMs: 60_000, maxAttempts: 3 }).on(t, async () => {});
    await expect(first.drain()).rejects.toThrow('connection lost');
    const got: string[] = [];
    const second = relay().on(t, async (events) => {
      got.push(...events.map((e) => e.id));
    });
    await second.drain();
    expect(got).toEqual([]); // still leased by the first relay
    broken = false;
    // Other tests' rows in this database may be among its claims too.
    expect(await first.releaseLeases()).toBeGreaterThanOrEqual(1);
    await second.drain();
    expect(got).toEqual([id]);
    expect((await row(id as string))?.status).toBe('delivered');
  });
});

describe('backoffMs', () => {
  it('grows exponentially with jitter and stays under the cap', () => {
    const mid = () => 0.5;
    expect(backoffMs(1, 500, 60_000, mid)).toBe(500);
    expect(backoffMs(2, 500, 60_000, mid)).toBe(1000);
    expect(backoffMs(5, 500, 60_000, mid)).toBe(8000);
    expect(backoffMs(30, 500, 60_000, mid)).toBe(60_000);
    expect(backoffMs(3, 500, 60_000, () => 0)).toBe(1600);
    expect(backoffMs(3, 500, 60_000, () => 0.999)).toBeLessThanOrEqual(2400);
  });
});
