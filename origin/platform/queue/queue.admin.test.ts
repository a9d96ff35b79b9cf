import { eq, inArray, sql } from 'drizzle-orm';
import { createMiddleware } from 'hono/factory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../../db/client';
import { outboxEvents } from '../../../db/schema/outbox';
import { createTestDatabase } from '../../../test/support/db';
import { secretsEqual } from '../auth';
import { errorBody } from '../errors';
import { enqueue } from '../outbox/outbox';
import { createQueue } from './create-queue';
import type { Queue } from './queue';
import { queueAdminRoutes } from './queue.admin.routes';
import { queueConsumerRoutes } from './queue.consumer.routes';
import { testApp } from './test-app';

const TOKEN = 'test-admin-token';
let handle: DatabaseHandle;
let queue: Queue;
let app: ReturnType<typeof testApp>;
let kicks = 0;
const delivered: string[] = [];

beforeAll(async () => {
  handle = await createTestDatabase();
  queue = createQueue({ driver: 'local', pollMs: 60_000, maxAttempts: 2 }, handle.db).consume(
    'admin.*',
    'admin.recorder',
    async (e) => void delivered.push(e.id),
  );
  const ctx = {
    db: handle.db,
    async transaction<T>(fn: Parameters<typeof handle.db.transaction<T>>[0]) {
      const result = await handle.db.transaction(fn);
      kicks++;
      return result;
    },
  };
  app = testApp((a) => {
    a.use('/admin/*', requireAdmin(TOKEN));
    a.route('/admin', queueAdminRoutes(ctx));
    a.route('/queue', queueConsumerRoutes(queue));
  });
});
afterAll(() => handle.close());

/** A bare bearer guard, standing in for the app's staff authorisation (tested in origin/members). */
function requireAdmin(token: string) {
  return createMiddleware(async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const presented = header.startsWith('Bearer ') ? header.slice(7) : '';
    if (!presented || !(await secretsEqual(presented, token))) {
      return c.json(errorBody('unauthorized', 'A valid admin bearer token is required'), 401);
    }
    await next();
  });
}

const admin = (method: string, path: string, token = TOKEN) =>
  app.request(path, { method, headers: { authorization: `Bearer ${token}` } });

/** Events of a fresh topic, dead-lettered as the relay would leave them. */
async function deadLetters(n: number) {
  const topic = `admin.${Math.random().toString(36).slice(2)}`;
  const ids = await enqueue(
    handle.db,
    ...Array.from({ length: n }, (_, i) => ({ topic, aggregateId: `a${i}`, payload: { i } })),
  );
  await handle.db
    .update(outboxEvents)
    .set({ status: 'dead', attempts: 2, lastError: 'edge unreachable' })
    .where(inArray(outboxEvents.id, ids));
  return { topic, ids };
}

interface Page {
  items: { id: string; topic: string; attempts: number; lastError: string; payload: { i: number } }[];
  nextCursor: string | null;
}

describe('queue admin: dead letters', () => {
  it('lists the dead letters of a topic newest first, page by page', async () => {
    const { topic, ids } = await deadLetters(3);
    const first = await admin('GET', `/admin/queue/dead-letters?topic=${topic}&limit=2`);
    expect(first.status).toBe(200);
    const page1 = (await first.json()) as Page;
    expect(page1.items.map((d) => d.id)).toEqual([ids[2], ids[1]]);
    expect(page1.items[0]).toMatchObject({ topic, attempts: 2, lastError: 'edge unreachable', payload: { i: 2 } });
    const page2 = (await (
      await admin('GET', `/admin/queue/dead-letters?topic=${topic}&limit=2&cursor=${page1.nextCursor}`)
    ).json()) as Page;
    expect(page2).toEqual({ items: [expect.objectContaining({ id: ids[0] })], nextCursor: null });
    const all = (await (await admin('GET', '/admin/queue/dead-letters?limit=100')).json()) as Page;
    expect(all.items.map((d) => d.id)).toEqual(expect.arrayContaining(ids));
  });

  it('refuses a malformed cursor or limit, and callers without the admin token', async () => {
    expect((await admin('GET', '/admin/queue/dead-letters?cursor=%%%')).status).toBe(400);
    expect((await admin('GET', '/admin/queue/dead-letters?limit=0')).status).toBe(400);
    expect((await admin('GET', '/admin/queue/dead-letters', 'wrong')).status).toBe(401);
    expect((await admin('POST', '/admin/queue/dead-letters/evt_X/replay', 'wrong')).status).toBe(401);
  });

  it('replays a dead letter: pending again, attempts reset, delivered by the next round', async () => {
    const id = (await deadLetters(1)).ids[0] as string;
    const before = kicks;
    const res = await admin('POST', `/admin/queue/dead-letters/${id}/replay`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id, status: 'pending', attempts: 0, lastError: 'edge unreachable' });
    expect(kicks).toBe(before + 1);
    const [stored] = await handle.db.select().from(outboxEvents).where(eq(outboxEvents.id, id));
    expect(stored).toMatchObject({ status: 'pending', attempts: 0 });
    expect(stored?.availableAt.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    await queue.drain();
    expect(delivered).toContain(id);
    const [after] = await handle.db.select().from(outboxEvents).where(eq(outboxEvents.id, id));
    expect(after).toMatchObject({ status: 'delivered', lastError: null });
  });

  it('answers 404 when replaying twice, an unknown id, or an event that is not dead', async () => {
    const id = (await deadLetters(1)).ids[0] as string;
    expect((await admin('POST', `/admin/queue/dead-letters/${id}/replay`)).status).toBe(200);
    const twice = await admin('POST', `/admin/queue/dead-letters/${id}/replay`);
    expect(twice.status).toBe(404);
    expect(await twice.json()).toEqual({ error: { code: 'dead_letter_not_found', message: `No dead letter ${id}` } });
    const [pending] = await enqueue(handle.db, { topic: 'admin.live', aggregateId: 'p' });
    expect((await admin('POST', `/admin/queue/dead-letters/${pending}/replay`)).status).toBe(404);
    expect((await admin('POST', '/admin/queue/dead-letters/evt_01UNKNOWN/replay')).status).toBe(404);
    expect((await admin('POST', '/admin/queue/dead-letters/not-an-id/replay')).status).toBe(400);
    const [row] = await handle.db.select().from(outboxEvents).where(eq(outboxEvents.id, id));
    expect(row).toMatchObject({ status: 'pending', attempts: 0 });
    await handle.db.execute(sql`update outbox_events set status = 'delivered' where topic like 'admin.%'`);
  });

  it('documents the queue routes in the OpenAPI document', () => {
    const doc = app.getOpenAPI31Document({ openapi: '3.1.0', info: { title: 't', version: '1' } });
    expect(Object.keys(doc.paths ?? {})).toEqual(
      expect.arrayContaining(['/admin/queue/dead-letters', '/admin/queue/dead-letters/{id}/replay', '/queue/{topic}']),
    );
    expect(doc.components?.securitySchemes).toHaveProperty('upstashSignature');
  });
});
