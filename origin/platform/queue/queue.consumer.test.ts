import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../contract/ids';
import type { DatabaseHandle } from '../../../db/client';
import { signLikeQStash } from '../../../sandbox/qstash/signature';
import { createTestDatabase } from '../../../test/support/db';
import { createQueue, type QueueConfig } from './create-queue';
import { queueConsumerRoutes } from './queue.consumer.routes';
import { testApp } from './test-app';

const KEYS = { currentSigningKey: 'sig_current_route_key', nextSigningKey: 'sig_next_route_key' };
const ORIGIN = 'https://shop.example.com';
const TOPIC = 'route.order.placed';
const qstash: QueueConfig = {
  driver: 'qstash',
  pollMs: 60_000,
  maxAttempts: 3,
  qstash: { url: 'http://127.0.0.1:9', token: 't', ...KEYS, callbackUrl: ORIGIN },
};

let handle: DatabaseHandle;
let app: ReturnType<typeof testApp>;
const applied: string[] = [];
let failNext = false;

beforeAll(async () => {
  handle = await createTestDatabase();
  const queue = createQueue(qstash, handle.db).consume(TOPIC, 'route.recorder', async (e) => {
    if (failNext) {
      failNext = false;
      throw new Error('database hiccup');
    }
    applied.push(e.aggregateId);
  });
  app = testApp((a) => a.route('/queue', queueConsumerRoutes(queue)));
});
afterAll(() => handle.close());

const message = (aggregateId = newId('req'), topic = TOPIC) =>
  JSON.stringify({ id: newId('evt'), topic, aggregateId, payload: { n: 1 }, createdAt: new Date().toISOString() });
const url = (topic = TOPIC) => `${ORIGIN}/queue/${topic}`;

async function push(body: string, signature: string | null, path = `/queue/${TOPIC}`, on = app) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (signature !== null) headers['upstash-signature'] = signature;
  return on.request(`http://10.0.0.7:8788${path}`, { method: 'POST', headers, body });
}

describe('POST /queue/:topic', () => {
  it('runs the consumers for a push signed with the current key, and again with the next key', async () => {
    for (const key of [KEYS.currentSigningKey, KEYS.nextSigningKey]) {
      const body = message(`agg-${key}`);
      const res = await push(body, await signLikeQStash(key, url(), body));
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ eventId: JSON.parse(body).id, applied: ['route.recorder'], skipped: [] });
    }
    expect(applied.slice(-2)).toEqual([`agg-${KEYS.currentSigningKey}`, `agg-${KEYS.nextSigningKey}`]);
  });

  it('answers a duplicate push 200 without running the consumer again', async () => {
    const body = message('dup');
    const signature = await signLikeQStash(KEYS.currentSigningKey, url(), body);
    await push(body, signature);
    const again = await push(body, signature);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ applied: [], skipped: ['route.recorder'] });
    expect(applied.filter((a) => a === 'dup')).toHaveLength(1);
  });

  it('answers 500 when a consumer fails, so QStash retries, and applies on the retry', async () => {
    const body = message('retry-me');
    const signature = await signLikeQStash(KEYS.currentSigningKey, url(), body);
    failNext = true;
    const failed = await push(body, signature);
    expect(failed.status).toBe(500);
    expect(await failed.json()).toEqual({
      error: { code: 'consumer_failed', message: 'Consumer failed: route.recorder' },
    });
    expect((await push(body, signature)).status).toBe(200);
    expect(applied.filter((a) => a === 'retry-me')).toHaveLength(1);
  });

  const forged: [string, (body: string) => Promise<{ body: string; signature: string | null }>][] = [
    ['no signature', async (body) => ({ body, signature: null })],
    ['a malformed signature', async (body) => ({ body, signature: 'not.a.jwt' })],
    [
      'a signature by another key',
      async (body) => ({ body, signature: await signLikeQStash('sig_guess', url(), body) }),
    ],
    [
      'a tampered body',
      async (body) => ({
        body: body.replace('"n":1', '"n":2'),
        signature: await signLikeQStash(KEYS.currentSigningKey, url(), body),
      }),
    ],
    [
      'a signature for another topic',
      async (body) => ({ body, signature: await signLikeQStash(KEYS.currentSigningKey, url('route.other'), body) }),
    ],
    [
      'a signature for another host',
      async (body) => ({
        body,
        signature: await signLikeQStash(KEYS.currentSigningKey, `https://evil.example/queue/${TOPIC}`, body),
      }),
    ],
    [
      'an expired signature',
      async (body) => ({
        body,
        signature: await signLikeQStash(KEYS.currentSigningKey, url(), body, { now: Date.now() - 10 * 60_000 }),
      }),
    ],
    [
      'a signature not valid yet',
      async (body) => ({
        body,
        signature: await signLikeQStash(KEYS.currentSigningKey, url(), body, { now: Date.now() + 10 * 60_000 }),
      }),
    ],
  ];
  for (const [name, forge] of forged) {
    it(`refuses a push with ${name} (401, nothing applied)`, async () => {
      const aggregateId = newId('req');
      const { body, signature } = await forge(message(aggregateId));
      const res = await push(body, signature);
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
      expect(applied).not.toContain(aggregateId);
    });
  }

  it('answers 404 for a topic nobody consumes and 400 for a signed but malformed message', async () => {
    const other = message('x', 'route.unknown');
    const unknown = await push(
      other,
      await signLikeQStash(KEYS.currentSigningKey, url('route.unknown'), other),
      '/queue/route.unknown',
    );
    expect(unknown.status).toBe(404);
    const mismatched = message('y', 'route.unknown');
    const wrongTopic = await push(mismatched, await signLikeQStash(KEYS.currentSigningKey, url(), mismatched));
    expect(wrongTopic.status).toBe(400);
    const junk = '{"id":"nope"}';
    const malformed = await push(junk, await signLikeQStash(KEYS.currentSigningKey, url(), junk));
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: { code: string } }).error.code).toBe('invalid_request');
  });

  it('does not exist under the local driver', async () => {
    const queue = createQueue({ driver: 'local', pollMs: 60_000, maxAttempts: 3 }, handle.db);
    queue.consume(TOPIC, 'route.recorder', async () => {});
    const localApp = testApp((a) => a.route('/queue', queueConsumerRoutes(queue)));
    const body = message();
    const res = await push(
      body,
      await signLikeQStash(KEYS.currentSigningKey, url(), body),
      `/queue/${TOPIC}`,
      localApp,
    );
    expect(res.status).toBe(404);
  });
});
