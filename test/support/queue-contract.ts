/**
 * The queue port's contract: behaviours every adapter must share, run against each of them
 * (origin/platform/queue/*.contract.test.ts). A harness gives the contract a real origin's
 * queue and database, a way to run delivery until nothing more is due, and a clock.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { processedEvents } from '../../db/schema/outbox';
import { enqueue, type OutboxEvent } from '../../origin/platform/outbox/outbox';
import type { Queue } from '../../origin/platform/queue/queue';

export interface QueueHarness {
  /** The origin's queue; the contract registers its consumers on it. */
  queue: Queue;
  db: Database;
  /** Deliveries a failing consumer gets before its event is dead-lettered. */
  maxDeliveries: number;
  /** Runs delivery until nothing more is due now. */
  settle(): Promise<void>;
  /** Lets `ms` pass for the outbox and the transport alike, delivering what falls due on the way. */
  advance(ms: number): Promise<void>;
  /** Delivers an event that was delivered already once more, as the transport may (at least once). */
  redeliver(eventId: string): Promise<void>;
  /** Calls the origin's merchant admin API. */
  admin(method: string, path: string): Promise<Response>;
  close(): Promise<void>;
}

let counter = 0;
const uid = () => `${Date.now().toString(36)}${(counter++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const HOUR = 3600_000;

interface Recorder {
  name: string;
  /** Every event handed to the consumer, including failed runs. */
  calls: OutboxEvent[];
  /** Events whose run succeeded. */
  applied: string[];
}

/** Registers a consumer of `topic` that records its calls and throws while `fails(call)` says so. */
function recorder(queue: Queue, topic: string, fails: (call: number) => boolean = () => false): Recorder {
  const r: Recorder = { name: `contract.${uid()}`, calls: [], applied: [] };
  queue.consume(topic, r.name, async (event) => {
    r.calls.push(event);
    if (fails(r.calls.length)) throw new Error(`${r.name} failed on call ${r.calls.length}`);
    r.applied.push(event.id);
  });
  return r;
}

export function runQueueContract(name: string, makeHarness: () => Promise<QueueHarness>): void {
  describe(`queue contract: ${name}`, () => {
    let h: QueueHarness;
    beforeAll(async () => {
      h = await makeHarness();
    });
    afterAll(() => h?.close());

    const topic = () => `contract.${uid()}.happened`;
    const deadLetters = async (t: string) => {
      const res = await h.admin('GET', `/admin/queue/dead-letters?topic=${t}`);
      expect(res.status).toBe(200);
      return ((await res.json()) as { items: { id: string; attempts: number; lastError: string | null }[] }).items;
    };

    it('delivers an event written in a committed transaction to its consumer, once', async () => {
      const t = topic();
      const r = recorder(h.queue, t);
      const [id] = await h.db.transaction((tx) => enqueue(tx, { topic: t, aggregateId: 'a1', payload: { n: 1 } }));
      await h.settle();
      await h.settle();
      expect(r.calls.map((e) => [e.id, e.topic, e.aggregateId, e.payload, e.attempts])).toEqual([
        [id, t, 'a1', { n: 1 }, 0],
      ]);
      expect(r.calls[0]?.createdAt).toBeInstanceOf(Date);
      expect(r.applied).toEqual([id]);
    });

    it('never delivers an event whose transaction rolled back', async () => {
      const t = topic();
      const r = recorder(h.queue, t);
      const rolledBack = h.db.transaction(async (tx) => {
        await enqueue(tx, { topic: t, aggregateId: 'gone' });
        throw new Error('rollback');
      });
      await expect(rolledBack).rejects.toThrow('rollback');
      await h.settle();
      await h.advance(24 * HOUR);
      expect(r.calls).toEqual([]);
    });

    it('holds a delayed or dated event until it is due, then delivers it', async () => {
      const t = topic();
      const r = recorder(h.queue, t);
      await enqueue(
        h.db,
        { topic: t, aggregateId: 'delayed', delayMs: 10 * 60_000 },
        { topic: t, aggregateId: 'dated', availableAt: new Date(Date.now() + 20 * 60_000) },
      );
      await h.settle();
      await h.advance(5 * 60_000);
      expect(r.calls).toEqual([]);
      await h.advance(6 * 60_000);
      expect(r.calls.map((e) => e.aggregateId)).toEqual(['delayed']);
      await h.advance(10 * 60_000);
      expect(r.calls.map((e) => e.aggregateId)).toEqual(['delayed', 'dated']);
    });

    it('retries a consumer that throws after a backoff, and it succeeds later', async () => {
      const t = topic();
      const r = recorder(h.queue, t, (call) => call === 1);
      const [id] = await enqueue(h.db, { topic: t, aggregateId: 'flaky' });
      await h.settle();
      expect(r.calls).toHaveLength(1); // not retried at once
      expect(r.applied).toEqual([]);
      await h.advance(HOUR);
      expect(r.calls.map((e) => e.attempts)).toEqual([0, 1]);
      expect(r.applied).toEqual([id]);
      await h.advance(24 * HOUR);
      expect(r.calls).toHaveLength(2);
    });

    it('dead-letters an event after the retry limit, lists it for the merchant and delivers it when replayed', async () => {
      const t = topic();
      let broken = true;
      const r = recorder(h.queue, t, () => broken);
      const [id] = await enqueue(h.db, { topic: t, aggregateId: 'doomed' });
      await h.settle();
      await h.advance(24 * HOUR);
      await h.advance(24 * HOUR);
      expect(r.calls.map((e) => e.attempts)).toEqual([...Array(h.maxDeliveries).keys()]);
      const [dead, ...others] = await deadLetters(t);
      expect(others).toEqual([]);
      expect(dead).toMatchObject({ id, attempts: h.maxDeliveries, lastError: expect.stringContaining(r.name) });

      broken = false;
      const replay = await h.admin('POST', `/admin/queue/dead-letters/${id}/replay`);
      expect(replay.status).toBe(200);
      await h.settle();
      expect(r.applied).toEqual([id]);
      expect(r.calls).toHaveLength(h.maxDeliveries + 1);
      expect(await deadLetters(t)).toEqual([]);
    });

    it('applies a duplicate delivery once per consumer: a consumer that has it is skipped', async () => {
      const t = topic();
      const first = recorder(h.queue, t);
      const [id] = (await enqueue(h.db, { topic: t, aggregateId: 'twice' })) as [string];
      await h.settle();
      const late = recorder(h.queue, t); // proves the duplicate really arrived: it runs for this one
      await h.redeliver(id);
      expect(first.calls).toHaveLength(1);
      expect(late.applied).toEqual([id]);
      const marks = await h.db
        .select()
        .from(processedEvents)
        .where(and(eq(processedEvents.eventId, id), eq(processedEvents.consumer, first.name)));
      expect(marks).toHaveLength(1);
    });

    it('delivers every topic under `prefix.*` to a wildcard consumer, and exact topics only to their own', async () => {
      const base = `contract.${uid()}`;
      const all = recorder(h.queue, `${base}.*`);
      const exact = recorder(h.queue, `${base}.a`);
      await enqueue(h.db, { topic: `${base}.a`, aggregateId: '1' }, { topic: `${base}.b.c`, aggregateId: '2' });
      await h.settle();
      expect(all.calls.map((e) => e.topic).sort()).toEqual([`${base}.a`, `${base}.b.c`]);
      expect(exact.calls.map((e) => e.topic)).toEqual([`${base}.a`]);
    });

    it('delivers events that a consumer writes in its own transaction', async () => {
      const [first, second] = [topic(), topic()];
      h.queue.consume(first, `contract.${uid()}`, async (event, tx) => {
        await enqueue(tx, { topic: second, aggregateId: event.aggregateId });
      });
      const r = recorder(h.queue, second);
      await enqueue(h.db, { topic: first, aggregateId: 'chain' });
      await h.settle();
      expect(r.calls.map((e) => e.aggregateId)).toEqual(['chain']);
    });

    it('dead-letters an event of a topic nobody consumes or announced, instead of losing it', async () => {
      const t = `nobody.${uid()}.listens`;
      const [id] = await enqueue(h.db, { topic: t, aggregateId: 'typo' });
      await h.settle();
      await h.advance(24 * HOUR);
      const items = await deadLetters(t);
      expect(items).toEqual([expect.objectContaining({ id, lastError: `no handler for topic ${t}` })]);
    });
  });
}
