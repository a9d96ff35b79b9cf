import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DatabaseHandle } from '../../../db/client';
import { outboxEvents } from '../../../db/schema/outbox';
import { type QStashStandIn, startQStashStandIn } from '../../../sandbox/qstash/stand-in';
import { createTestDatabase } from '../../../test/support/db';
import { enqueue } from '../outbox/outbox';
import { createQueue } from './create-queue';
import { replayDeadLetter } from './dead-letters';
import type { Queue } from './queue';
import { queueConsumerRoutes } from './queue.consumer.routes';
import { testApp } from './test-app';

const TOKEN = 'test-qstash-token';
const KEYS = { currentSigningKey: 'sig_current_test_key', nextSigningKey: 'sig_next_test_key' };
const ORIGIN = 'http://origin.test';

let handle: DatabaseHandle;
let standIn: QStashStandIn;
let queue: Queue;
const applied: string[] = [];
let flaky = 0;
let broken = true;
let repaired = 0;

beforeAll(async () => {
  handle = await createTestDatabase();
  standIn = await startQStashStandIn({ token: TOKEN, ...KEYS, fetch: async (url, init) => app.request(url, init) });
  queue = createQueue(
    {
      driver: 'qstash',
      pollMs: 60_000,
      maxAttempts: 3,
      qstash: {
        url: standIn.url,
        token: TOKEN,
        ...KEYS,
        callbackUrl: `${ORIGIN}/`,
        retries: 2,
        scheduleAheadMs: 3600_000,
      },
    },
    handle.db,
  )
    .consume('qs.*', 'qs.recorder', async (e) => void applied.push(`${e.aggregateId}@${e.attempts}`))
    .consume('qs.flaky', 'qs.flaky', async () => {
      if (flaky++ === 0) throw new Error('first push fails');
    })
    .consume('qs.broken', 'qs.broken', async () => {
      if (broken) throw new Error('consumer bug');
      repaired++;
    })
    .on('batchonly.*', async () => {});
  app = testApp((a) => a.route('/queue', queueConsumerRoutes(queue)));
});
afterAll(async () => {
  await standIn.close();
  await handle.close();
});
beforeEach(async () => {
  await standIn.idle();
  standIn.publishes.length = 0;
  standIn.deliveries.length = 0;
  applied.length = 0;
});
let app: ReturnType<typeof testApp>;

const row = async (id: string) => (await handle.db.select().from(outboxEvents).where(eq(outboxEvents.id, id)))[0];
const makeDue = (id: string) => handle.db.execute(sql`update outbox_events set available_at = now() where id = ${id}`);
const pushes = () => standIn.deliveries.filter((d) => d.kind === 'message');

describe('queue, QStash driver', () => {
  it('publishes each due event with its id as Upstash-Deduplication-Id and marks it delivered', async () => {
    const ids = await enqueue(
      handle.db,
      { topic: 'qs.placed', aggregateId: 'o1', payload: { total: 1200 } },
      { topic: 'qs.placed', aggregateId: 'o2' },
    );
    expect(await queue.drain()).toBe(2);
    expect(standIn.publishes).toHaveLength(2);
    const [first] = standIn.publishes;
    const stored = await row(ids[0] as string);
    expect(first?.destination).toBe(`${ORIGIN}/queue/qs.placed`);
    expect(first?.headers).toMatchObject({
      authorization: `Bearer ${TOKEN}`,
      'content-type': 'application/json',
      'upstash-deduplication-id': ids[0],
      'upstash-retries': '2',
      'upstash-method': 'POST',
      'upstash-failure-callback': `${ORIGIN}/queue/qs.placed/failed`,
    });
    expect(first?.headers['upstash-not-before']).toBeUndefined();
    expect(JSON.parse(first?.body ?? '')).toEqual({
      id: ids[0],
      topic: 'qs.placed',
      aggregateId: 'o1',
      payload: { total: 1200 },
      createdAt: stored?.createdAt.toISOString(),
    });
    for (const id of ids) expect(await row(id)).toMatchObject({ status: 'delivered' });
    await standIn.idle();
    expect(pushes().map((p) => p.status)).toEqual([200, 200]);
    expect(applied.sort()).toEqual(['o1@0', 'o2@0']);
  });

  it('hands scheduled events to QStash early with Upstash-Not-Before, within the horizon only', async () => {
    const [soon, far, local] = (await enqueue(
      handle.db,
      { topic: 'qs.expire', aggregateId: 'r1', delayMs: 10 * 60_000 },
      { topic: 'qs.expire', aggregateId: 'r2', delayMs: 2 * 3600_000 },
      { topic: 'batchonly.tick', aggregateId: 'b1', delayMs: 10 * 60_000 },
    )) as [string, string, string];
    const dueAt = (await row(soon))?.availableAt as Date;
    const localDue = (await row(local))?.availableAt;
    await queue.drain();
    expect(standIn.publishes).toHaveLength(1);
    expect(standIn.publishes[0]?.headers).toMatchObject({
      'upstash-deduplication-id': soon,
      'upstash-not-before': String(Math.ceil(dueAt.getTime() / 1000)),
    });
    expect(await row(soon)).toMatchObject({ status: 'delivered' });
    expect(await row(far)).toMatchObject({ status: 'pending', attempts: 0 });
    expect(await row(local)).toMatchObject({ status: 'pending', availableAt: localDue });
    await standIn.advance(9 * 60_000);
    expect(applied).toEqual([]); // QStash holds it until its time
    await standIn.advance(61_000); // Not-Before is in whole seconds, rounded up
    expect(applied).toEqual(['r1@0']);
  });

  it('keeps an event pending with backoff while QStash refuses it, then publishes it', async () => {
    const [id] = (await enqueue(handle.db, { topic: 'qs.placed', aggregateId: 'o3' })) as [string];
    standIn.failPublishes(500);
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {}); // the SDK logs the refusal
    await queue.drain();
    quiet.mockRestore();
    standIn.failPublishes(null);
    const failed = await row(id);
    expect(failed).toMatchObject({ status: 'pending', attempts: 1 });
    expect(failed?.availableAt.getTime()).toBeGreaterThan(Date.now());
    await makeDue(id);
    await queue.drain();
    expect(await row(id)).toMatchObject({ status: 'delivered' });
    expect(standIn.publishes.map((p) => p.status)).toEqual([500, 201]);
  });

  it('is deduplicated by QStash when a publish is repeated after a lost acknowledgement', async () => {
    const [id] = (await enqueue(handle.db, { topic: 'qs.placed', aggregateId: 'o4' })) as [string];
    standIn.dropAnswers(1);
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
    await queue.drain();
    quiet.mockRestore();
    expect(await row(id)).toMatchObject({ status: 'pending', attempts: 1 });
    await makeDue(id);
    await queue.drain();
    await standIn.idle();
    expect(standIn.publishes.map((p) => [p.headers['upstash-deduplication-id'], p.status])).toEqual([
      [id, 201],
      [id, 202],
    ]);
    expect(await row(id)).toMatchObject({ status: 'delivered' });
    expect(pushes()).toHaveLength(1);
    expect(applied).toEqual(['o4@0']);
  });

  it('lets QStash retry a failed consumer; consumers that succeeded are not run again', async () => {
    await enqueue(handle.db, { topic: 'qs.flaky', aggregateId: 'f1' });
    await queue.drain();
    await standIn.advance(3600_000);
    expect(pushes().map((p) => [p.retried, p.status])).toEqual([
      [0, 500],
      [1, 200],
    ]);
    expect(applied).toEqual(['f1@0']); // the wildcard recorder ran once, on the first push
  });

  it('dead-letters an event QStash gave up on, and publishes its replay under a new deduplication id', async () => {
    broken = true;
    const [id] = (await enqueue(handle.db, { topic: 'qs.broken', aggregateId: 'b1' })) as [string];
    await queue.drain();
    await standIn.advance(24 * 3600_000);
    expect(pushes().map((p) => p.status)).toEqual([500, 500, 500]);
    const callbacks = standIn.deliveries.filter((d) => d.kind === 'failure-callback');
    expect(callbacks.map((d) => [d.url, d.status])).toEqual([[`${ORIGIN}/queue/qs.broken/failed`, 200]]);
    const dead = await row(id);
    expect(dead).toMatchObject({ status: 'dead', attempts: 3 });
    expect(dead?.lastError).toBe('QStash gave up after 3 deliveries; last answer: 500 Consumer failed: qs.broken');

    broken = false;
    await handle.db.transaction((tx) => replayDeadLetter(tx, id));
    await queue.drain();
    await standIn.idle();
    const replay = standIn.publishes.at(-1);
    expect(replay?.headers['upstash-deduplication-id']).toBe(`${id}.${dead?.deliveredAt?.getTime()}`);
    expect(replay?.status).toBe(201);
    expect(pushes().at(-1)?.status).toBe(200);
    expect(await row(id)).toMatchObject({ status: 'delivered', lastError: null });
    expect(repaired).toBe(1);
  });

  it('dead-letters events nobody consumes instead of publishing them', async () => {
    const [id] = (await enqueue(handle.db, { topic: 'nobody.listens', aggregateId: 'n' })) as [string];
    for (let i = 0; i < 3; i++) {
      await makeDue(id);
      await queue.drain();
    }
    expect(await row(id)).toMatchObject({ status: 'dead', lastError: 'no handler for topic nobody.listens' });
    expect(standIn.publishes).toEqual([]);
  });
});
