import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../../db/client';
import { outboxEvents } from '../../../db/schema/outbox';
import { signLikeQStash } from '../../../sandbox/qstash/signature';
import { createTestDatabase } from '../../../test/support/db';
import { enqueue } from '../outbox/outbox';
import { createQueue } from './create-queue';
import { toMessage } from './qstash-transport';
import { queueConsumerRoutes } from './queue.consumer.routes';
import { testApp } from './test-app';

const KEYS = { currentSigningKey: 'sig_current_failure_key', nextSigningKey: 'sig_next_failure_key' };
const ORIGIN = 'https://shop.example.com';
const TOPIC = 'failure.order.placed';
const failedUrl = (topic = TOPIC) => `${ORIGIN}/queue/${topic}/failed`;

let handle: DatabaseHandle;
let app: ReturnType<typeof testApp>;

beforeAll(async () => {
  handle = await createTestDatabase();
  const queue = createQueue(
    {
      driver: 'qstash',
      pollMs: 60_000,
      maxAttempts: 3,
      qstash: { url: 'http://127.0.0.1:9', token: 't', ...KEYS, callbackUrl: ORIGIN },
    },
    handle.db,
  ).consume(TOPIC, 'failure.recorder', async () => {});
  app = testApp((a) => a.route('/queue', queueConsumerRoutes(queue)));
});
afterAll(() => handle.close());

const row = async (id: string) => (await handle.db.select().from(outboxEvents).where(eq(outboxEvents.id, id)))[0];

/** An event QStash has accepted (delivered, as the transport leaves it). */
async function handedOver(topic = TOPIC) {
  const [id] = (await enqueue(handle.db, { topic, aggregateId: 'o1', payload: { n: 1 } })) as [string];
  await handle.db
    .update(outboxEvents)
    .set({ status: 'delivered', deliveredAt: new Date() })
    .where(eq(outboxEvents.id, id));
  const stored = (await row(id)) as NonNullable<Awaited<ReturnType<typeof row>>>;
  return { id, message: JSON.stringify(toMessage({ ...stored, attempts: 0 })) };
}

/** The body QStash posts to a failure callback. */
function failure(message: string, answer = '{"error":{"code":"consumer_failed","message":"Consumer failed: x"}}') {
  return JSON.stringify({
    status: 500,
    header: { 'content-type': ['application/json'] },
    body: Buffer.from(answer).toString('base64'),
    retried: 2,
    maxRetries: 2,
    dlqId: '1725323658779-0',
    sourceMessageId: 'msg_1',
    url: `${ORIGIN}/queue/${TOPIC}`,
    method: 'POST',
    sourceHeader: {},
    sourceBody: Buffer.from(message).toString('base64'),
  });
}

async function post(body: string, signature: string | null, topic = TOPIC) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (signature !== null) headers['upstash-signature'] = signature;
  return app.request(`http://10.0.0.7:8788/queue/${topic}/failed`, { method: 'POST', headers, body });
}

describe('POST /queue/:topic/failed (QStash failure callback)', () => {
  it('turns the event QStash gave up on into a dead letter, with QStash’s last answer', async () => {
    const { id, message } = await handedOver();
    const body = failure(message);
    const res = await post(body, await signLikeQStash(KEYS.currentSigningKey, failedUrl(), body));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ eventId: id, deadLettered: true });
    expect(await row(id)).toMatchObject({
      status: 'dead',
      attempts: 3,
      lastError: 'QStash gave up after 3 deliveries; last answer: 500 Consumer failed: x',
    });
  });

  it('changes nothing for a repeated callback, or for an event that is pending again (replayed)', async () => {
    const { id, message } = await handedOver();
    const body = failure(message);
    const signature = await signLikeQStash(KEYS.nextSigningKey, failedUrl(), body);
    await post(body, signature);
    expect(await (await post(body, signature)).json()).toEqual({ eventId: id, deadLettered: false });
    await handle.db.update(outboxEvents).set({ status: 'pending', attempts: 0 }).where(eq(outboxEvents.id, id));
    expect(await (await post(body, signature)).json()).toEqual({ eventId: id, deadLettered: false });
    expect(await row(id)).toMatchObject({ status: 'pending', attempts: 0 });
  });

  it('refuses a callback that is unsigned, signed for the push URL or another topic, or tampered (401)', async () => {
    const { id, message } = await handedOver();
    const body = failure(message);
    const other = failure(message, 'other answer');
    const attempts = [
      await post(body, null),
      await post(body, await signLikeQStash(KEYS.currentSigningKey, `${ORIGIN}/queue/${TOPIC}`, body)),
      await post(body, await signLikeQStash(KEYS.currentSigningKey, failedUrl('failure.other'), body)),
      await post(body, await signLikeQStash(KEYS.currentSigningKey, failedUrl(), other)),
      await post(body, await signLikeQStash('sig_guess', failedUrl(), body)),
    ];
    expect(attempts.map((r) => r.status)).toEqual([401, 401, 401, 401, 401]);
    expect(await row(id)).toMatchObject({ status: 'delivered' });
  });

  it('answers 400 when the reported message is not one of the topic', async () => {
    const { message } = await handedOver('failure.elsewhere');
    for (const body of [failure(message), JSON.stringify({ ...JSON.parse(failure(message)), sourceBody: '%%%' })]) {
      const res = await post(body, await signLikeQStash(KEYS.currentSigningKey, failedUrl(), body));
      expect(res.status).toBe(400);
    }
  });
});
