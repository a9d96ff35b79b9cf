/**
 * The queue contract for QUEUE_DRIVER=qstash, end to end over HTTP: the SDK's Client publishes
 * to the QStash stand-in, which pushes to the origin served on a real port, where the SDK's
 * Receiver checks each signature. Then what only this adapter has: signed pushes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../contract/ids';
import { signLikeQStash } from '../../../sandbox/qstash/signature';
import { runQueueContract } from '../../../test/support/queue-contract';
import { QSTASH_KEYS, type QStashQueueHarness, qstashQueueHarness } from '../../../test/support/queue-harness';
import { enqueue } from '../outbox/outbox';

runQueueContract('QStash driver (SDK → stand-in → HTTP push → Receiver)', qstashQueueHarness);

describe('QStash driver: signed pushes over HTTP', () => {
  let h: QStashQueueHarness;
  const applied: string[] = [];
  const TOPIC = 'signed.thing.happened';
  beforeAll(async () => {
    h = await qstashQueueHarness();
    h.queue.consume(TOPIC, 'signed.recorder', async (e) => void applied.push(e.aggregateId));
  });
  afterAll(() => h?.close());

  const url = (path = '') => `${h.originUrl}/queue/${TOPIC}${path}`;
  const message = (aggregateId: string) =>
    JSON.stringify({ id: newId('evt'), topic: TOPIC, aggregateId, payload: {}, createdAt: new Date().toISOString() });
  const post = (path: string, body: string, signature?: string) =>
    fetch(url(path), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(signature ? { 'upstash-signature': signature } : {}) },
      body,
    });

  it('accepts pushes signed with the next key once QStash has rotated its keys', async () => {
    h.standIn.signWith('next');
    try {
      await enqueue(h.db, { topic: TOPIC, aggregateId: 'rotated' });
      await h.settle();
    } finally {
      h.standIn.signWith('current');
    }
    expect(h.standIn.deliveries.at(-1)).toMatchObject({ signedWith: 'next', status: 200 });
    expect(applied).toContain('rotated');
  });

  it('refuses unsigned, tampered, misaddressed or foreign-key pushes (401) and applies nothing', async () => {
    const body = message('forged');
    const signed = await signLikeQStash(QSTASH_KEYS.current, url(), body);
    const answers = await Promise.all([
      post('', body),
      post('', body.replace('forged', 'changed'), signed),
      post('', body, await signLikeQStash(QSTASH_KEYS.current, `${h.originUrl}/queue/signed.other`, body)),
      post('', body, await signLikeQStash('sig_not_ours', url(), body)),
    ]);
    expect(answers.map((r) => r.status)).toEqual([401, 401, 401, 401]);
    expect(applied).not.toContain('forged');
    expect(applied).not.toContain('changed');
    const genuine = await post('', body, signed);
    expect(genuine.status).toBe(200);
    expect(applied).toContain('forged');
  });

  it('refuses a failure callback that QStash did not sign, so nobody else can dead-letter events', async () => {
    const [id] = (await enqueue(h.db, { topic: TOPIC, aggregateId: 'kept' })) as [string];
    await h.settle();
    const source = Buffer.from(message('kept').replace(/"id":"[^"]+"/, `"id":"${id}"`)).toString('base64');
    const body = JSON.stringify({ status: 500, retried: 2, maxRetries: 2, sourceBody: source });
    expect((await post('/failed', body)).status).toBe(401);
    expect((await post('/failed', body, await signLikeQStash(QSTASH_KEYS.current, url(), body))).status).toBe(401);
    const list = await h.admin('GET', `/admin/queue/dead-letters?topic=${TOPIC}`);
    expect(((await list.json()) as { items: unknown[] }).items).toEqual([]);
  });
});
