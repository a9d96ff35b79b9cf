import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../../db/client';
import { outboxEvents } from '../../../db/schema/outbox';
import { createTestDatabase } from '../../../test/support/db';
import { enqueue, type OutboxEvent } from '../outbox/outbox';
import { createQueue } from './create-queue';
import { listDeadLetters, replayDeadLetter } from './dead-letters';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle.close());

const topic = (family = 'test') => `${family}.${Math.random().toString(36).slice(2)}.happened`;
const local = (maxAttempts = 3) => createQueue({ driver: 'local', pollMs: 60_000, maxAttempts }, handle.db);
const row = async (id: string) => (await handle.db.select().from(outboxEvents).where(eq(outboxEvents.id, id)))[0];
const makeDue = (id: string) => handle.db.execute(sql`update outbox_events set available_at = now() where id = ${id}`);

describe('queue, local driver', () => {
  it('runs every consumer of a topic once, in-process, and marks the event delivered', async () => {
    const t = topic('local');
    const calls: string[] = [];
    const queue = local()
      .consume(t, 'a', async (e) => void calls.push(`a:${e.aggregateId}`))
      .consume(t, 'b', async (e) => void calls.push(`b:${e.aggregateId}`))
      .consume('local.*', 'family', async (e) => void calls.push(`family:${e.aggregateId}`));
    const [id] = (await enqueue(handle.db, { topic: t, aggregateId: 'x1' })) as [string];
    expect(await queue.drain()).toBe(1);
    await queue.drain();
    expect(calls.sort()).toEqual(['a:x1', 'b:x1', 'family:x1']);
    expect(await row(id)).toMatchObject({ status: 'delivered', attempts: 0 });
    expect(await queue.dispatch((await toEvent(id)) as OutboxEvent)).toEqual({
      applied: [],
      skipped: ['a', 'b', 'family'],
    });
  });

  it('retries only the consumer that failed; the one that succeeded is not run again', async () => {
    const t = topic();
    let [a, b] = [0, 0];
    const queue = local()
      .consume(t, 'steady', async () => void a++)
      .consume(t, 'flaky', async () => {
        if (++b === 1) throw new Error('flaky once');
      });
    const [id] = (await enqueue(handle.db, { topic: t, aggregateId: 'r' })) as [string];
    await queue.drain();
    expect(await row(id)).toMatchObject({ status: 'pending', attempts: 1, lastError: 'flaky: flaky once' });
    await makeDue(id);
    await queue.drain();
    expect([a, b]).toEqual([1, 2]);
    expect(await row(id)).toMatchObject({ status: 'delivered', lastError: null });
  });

  it('dead-letters an event whose consumer keeps failing; a replay delivers it once fixed', async () => {
    const t = topic();
    let broken = true;
    const applied: string[] = [];
    const queue = local(2).consume(t, 'fragile', async (e) => {
      if (broken) throw new Error('still broken');
      applied.push(e.id);
    });
    const [id] = (await enqueue(handle.db, { topic: t, aggregateId: 'd', payload: { n: 1 } })) as [string];
    await queue.drain();
    await makeDue(id);
    await queue.drain();
    expect(await row(id)).toMatchObject({ status: 'dead', attempts: 2, lastError: 'fragile: still broken' });
    const listed = await listDeadLetters(handle.db, { topic: t, limit: 10 });
    expect(listed.ok && listed.value.items).toEqual([expect.objectContaining({ id, attempts: 2, payload: { n: 1 } })]);

    broken = false;
    expect((await replayDeadLetter(handle.db, id)).ok).toBe(true);
    expect(await row(id)).toMatchObject({ status: 'pending', attempts: 0 });
    await queue.drain();
    expect(applied).toEqual([id]);
    expect(await row(id)).toMatchObject({ status: 'delivered' });
  });

  it('runs a batch handler and the consumers of the same topic', async () => {
    const t = topic('mixed');
    const seen: string[] = [];
    const queue = local()
      .on('mixed.*', async (events) => void seen.push(...events.map((e) => `batch:${e.aggregateId}`)))
      .consume(t, 'one', async (e) => void seen.push(`one:${e.aggregateId}`));
    await enqueue(handle.db, { topic: t, aggregateId: 'm1' }, { topic: 'mixed.other', aggregateId: 'm2' });
    await queue.drain();
    expect(seen.sort()).toEqual(['batch:m1', 'batch:m2', 'one:m1']);
  });

  it('holds scheduled events until they are due', async () => {
    const t = topic();
    const got: string[] = [];
    const queue = local().consume(t, 'later', async (e) => void got.push(e.aggregateId));
    const [soon, dated] = (await enqueue(
      handle.db,
      { topic: t, aggregateId: 'delayed', delayMs: 60_000 },
      { topic: t, aggregateId: 'dated', availableAt: new Date(Date.now() + 3600_000) },
    )) as [string, string];
    await queue.drain();
    expect(got).toEqual([]);
    const due = (await row(soon))?.availableAt.getTime() ?? 0;
    expect(due).toBeGreaterThan(Date.now() + 50_000);
    await makeDue(soon);
    await queue.drain();
    expect(got).toEqual(['delayed']);
    await makeDue(dated);
    await queue.drain();
    expect(got).toEqual(['delayed', 'dated']);
  });

  it('delivers the events a consumer writes in its own transaction in the same drain', async () => {
    const [first, second] = [topic(), topic()];
    const got: string[] = [];
    const queue = local()
      .consume(first, 'chain', async (e, tx) => void (await enqueue(tx, { topic: second, aggregateId: e.aggregateId })))
      .consume(second, 'end', async (e) => void got.push(e.aggregateId));
    await enqueue(handle.db, { topic: first, aggregateId: 'c1' });
    expect(await queue.drain()).toBe(2);
    expect(got).toEqual(['c1']);
  });

  it('refuses malformed topic patterns, names and duplicate registrations', () => {
    const queue = local();
    const noop = async () => {};
    expect(() => queue.consume('bad topic', 'x', noop)).toThrow('Invalid topic');
    expect(() => queue.consume('a.*.b', 'x', noop)).toThrow('Invalid topic');
    expect(() => queue.consume('a.b', 'no spaces', noop)).toThrow('Invalid consumer name');
    queue.consume('a.b', 'x', noop);
    expect(() => queue.consume('a.b', 'x', noop)).toThrow('already registered');
    expect(queue.driver).toBe('local');
    expect(queue.push).toBeNull();
  });
});

async function toEvent(id: string): Promise<OutboxEvent | undefined> {
  const r = await row(id);
  return (
    r && {
      id: r.id,
      topic: r.topic,
      aggregateId: r.aggregateId,
      payload: r.payload,
      attempts: 0,
      createdAt: r.createdAt,
    }
  );
}
