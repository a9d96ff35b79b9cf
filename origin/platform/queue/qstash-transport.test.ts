import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DatabaseHandle } from '../../../db/client';
import { outboxEvents } from '../../../db/schema';
import { createTestDatabase } from '../../../test/support/db';
import { enqueue } from '../outbox/outbox';
import { createQueue } from './create-queue';
import { type QStashStandIn, startQStashStandIn } from './qstash-stand-in';
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

beforeAll(async () => {
  handle = await createTestDatabase();
  standIn = await startQStashStandIn({
    token: TOKEN,
    signingKey: KEYS.currentSigningKey,
    push: async (url, init) => app.request(url, init),
  });
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
  standIn.pushes.length = 0;
  applied.length = 0;
});
let app: ReturnType<typeof testApp>;

const row = async (id: string) => (await handle.db.select().from(outboxEvents).where(eq(outboxEvents.id, id)))[0];
const makeDue = (id: string) => handle.db.execute(sql`update outbox_events set available_at = now() where id = ${id}`);

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
    expect(standIn.pushes.map((p) => p.status)).toEqual([200, 200]);
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
    await standIn.idle();
    expect(applied).toEqual([]); // QStash holds it until its time
    standIn.releaseScheduled();
    await standIn.idle();
    expect(applied).toEqual(['r1@0']);
  });

  it('keeps an event pending with backoff while QStash refuses it, then publishes it', async () => {
    const [id] = (await enqueue(handle.db, { topic: 'qs.placed', aggregateId: 'o3' })) as [string];
    standIn.failure.status = 500;
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {}); // the SDK logs the refusal
    await queue.drain();
    quiet.mockRestore();
    standIn.failure.status = null;
    const failed = await row(id);
    expect(failed).toMatchObject({ status: 'pending', attempts: 1 });
    expect(failed?.availableAt.getTime()).toBeGreaterThan(Date.now());
    await makeDue(id);
    await queue.drain();
    expect(await row(id)).toMatchObject({ status: 'delivered' });
    expect(standIn.publishes.map((p) => p.status)).toEqual([500, 201]);
  });

  it('is deduplicated by QStash when a publish is repeated (lost acknowledgement)', async () => {
    const [id] = (await enqueue(handle.db, { topic: 'qs.placed', aggregateId: 'o4' })) as [string];
    await queue.drain();
    await handle.db.execute(sql`update outbox_events set status = 'pending', available_at = now() where id = ${id}`);
    await queue.drain();
    await standIn.idle();
    expect(standIn.publishes.map((p) => p.status)).toEqual([201, 202]);
    expect(standIn.pushes).toHaveLength(1);
    expect(applied).toEqual(['o4@0']);
  });

  it('lets QStash retry a failed consumer; consumers that succeeded are not run again', async () => {
    await enqueue(handle.db, { topic: 'qs.flaky', aggregateId: 'f1' });
    await queue.drain();
    await standIn.idle();
    expect(standIn.pushes.map((p) => [p.retried, p.status])).toEqual([
      [0, 500],
      [1, 200],
    ]);
    expect(applied).toEqual(['f1@0']); // the wildcard recorder ran once, on the first push
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
