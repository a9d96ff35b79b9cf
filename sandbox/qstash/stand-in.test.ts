/**
 * The stand-in against the real SDK: what `Client` publishes is accepted as QStash would, and
 * what the stand-in pushes is accepted by `Receiver`, so tests built on it prove the adapter.
 */
import { Client, QstashError, Receiver } from '@upstash/qstash';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type FetchServer, serveFetch } from '../../test/support/serve-fetch';
import { parseDelay, type QStashStandIn, startQStashStandIn } from './stand-in';

const TOKEN = 'stand-in-test-token';
const KEYS = { currentSigningKey: 'sig_stand_in_current', nextSigningKey: 'sig_stand_in_next' };

interface Received {
  path: string;
  headers: Headers;
  body: string;
}

let qstash: QStashStandIn;
let destination: FetchServer;
const received: Received[] = [];
/** How the destination answers each request (default 200). */
let respond: (r: Received) => Response = () => new Response('ok');

const client = (token = TOKEN) =>
  new Client({ baseUrl: qstash.url, token, retry: false, devMode: false, enableTelemetry: false });
const receiver = new Receiver({ ...KEYS, devMode: false });
const target = (path: string) => `${destination.url}${path}`;
const at = (path: string) => received.filter((r) => r.path === path);
const verify = (r: Received, url = target(r.path)) =>
  receiver.verify({ signature: r.headers.get('upstash-signature') ?? '', body: r.body, url });

beforeAll(async () => {
  destination = await serveFetch(async (request) => {
    const r = { path: new URL(request.url).pathname, headers: request.headers, body: await request.text() };
    received.push(r);
    return respond(r);
  });
  qstash = await startQStashStandIn({ token: TOKEN, ...KEYS });
});
afterAll(async () => {
  await qstash.close();
  await destination.close();
});
afterEach(async () => {
  await qstash.idle();
  respond = () => new Response('ok');
});

describe('QStash stand-in: publishing with the SDK', () => {
  it('accepts publishJSON and pushes the body, signed so that Receiver verifies it', async () => {
    const res = await client().publishJSON({
      url: target('/hook/a'),
      body: { hello: 'world' },
      headers: { 'x-trace': 't-1' },
    });
    expect(res).toEqual({ messageId: expect.stringMatching(/^msg_/), url: target('/hook/a') });
    await qstash.idle();
    const [push] = at('/hook/a');
    expect(push?.body).toBe('{"hello":"world"}');
    expect(push?.headers.get('content-type')).toBe('application/json');
    expect(push?.headers.get('x-trace')).toBe('t-1');
    expect(push?.headers.get('upstash-message-id')).toBe(res.messageId);
    expect(push?.headers.get('upstash-retried')).toBe('0');
    expect(await verify(push as Received)).toBe(true);
  });

  it('signs the destination URL and the body hash: another URL, body or key does not verify', async () => {
    await client().publishJSON({ url: target('/hook/b'), body: { n: 1 } });
    await qstash.idle();
    const push = at('/hook/b')[0] as Received;
    await expect(verify(push, target('/hook/other'))).rejects.toThrow(/invalid subject/);
    await expect(verify({ ...push, body: '{"n":2}' })).rejects.toThrow(/body hash/);
    const stranger = new Receiver({ currentSigningKey: 'sig_other', nextSigningKey: 'sig_other_next', devMode: false });
    await expect(
      stranger.verify({ signature: push.headers.get('upstash-signature') ?? '', body: push.body }),
    ).rejects.toThrow();
  });

  it('signs with the next key once told to, which a Receiver holding both keys accepts', async () => {
    qstash.signWith('next');
    await client().publishJSON({ url: target('/hook/rotated'), body: {} });
    await qstash.idle();
    qstash.signWith('current');
    const push = at('/hook/rotated')[0] as Received;
    expect(await verify(push)).toBe(true);
    const onlyOld = new Receiver({
      currentSigningKey: KEYS.currentSigningKey,
      nextSigningKey: 'sig_gone',
      devMode: false,
    });
    await expect(
      onlyOld.verify({ signature: push.headers.get('upstash-signature') ?? '', body: push.body }),
    ).rejects.toThrow();
    expect(qstash.deliveries.at(-1)?.signedWith).toBe('next');
  });

  it('refuses a wrong token with 401 and a destination that is not a URL with 400', async () => {
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
    const wrong = await client('nope')
      .publishJSON({ url: target('/hook/x'), body: {} })
      .catch((e) => e);
    const invalid = await client()
      .publishJSON({ url: 'not-a-url', body: {} })
      .catch((e) => e);
    quiet.mockRestore();
    expect(wrong).toBeInstanceOf(QstashError);
    expect(wrong.status).toBe(401);
    expect(invalid.status).toBe(400);
  });

  it('answers a repeated deduplication id 202 with the first message id and pushes once', async () => {
    const first = await client().publishJSON({ url: target('/hook/dedup'), body: { v: 1 }, deduplicationId: 'd-1' });
    const again = await client().publishJSON({ url: target('/hook/dedup'), body: { v: 2 }, deduplicationId: 'd-1' });
    const byContent = await client().publish({
      url: target('/hook/dedup'),
      body: 'same',
      contentBasedDeduplication: true,
    });
    const byContentAgain = await client().publish({
      url: target('/hook/dedup'),
      body: 'same',
      contentBasedDeduplication: true,
    });
    expect(again).toEqual({ messageId: first.messageId, url: target('/hook/dedup'), deduplicated: true });
    expect(byContentAgain.messageId).toBe(byContent.messageId);
    expect(qstash.publishes.slice(-4).map((p) => p.status)).toEqual([201, 202, 201, 202]);
    await qstash.idle();
    expect(at('/hook/dedup').map((r) => r.body)).toEqual(['{"v":1}', 'same']);
  });
});

describe('QStash stand-in: time', () => {
  it('holds a delayed message until its delay has passed, and Not-Before wins over the delay', async () => {
    await client().publishJSON({ url: target('/hook/delay'), body: {}, delay: 90 });
    await client().publishJSON({
      url: target('/hook/not-before'),
      body: {},
      delay: 1,
      notBefore: Math.ceil((qstash.now() + 3600_000) / 1000),
    });
    await qstash.idle();
    await qstash.advance(89_000);
    expect(at('/hook/delay')).toHaveLength(0);
    await qstash.advance(1_000);
    expect(at('/hook/delay')).toHaveLength(1);
    expect(at('/hook/not-before')).toHaveLength(0);
    await qstash.advance(3600_000);
    expect(at('/hook/not-before')).toHaveLength(1);
    expect(await verify(at('/hook/not-before')[0] as Received)).toBe(true);
  });

  it('retries non-2xx answers with exponential backoff, counting in Upstash-Retried', async () => {
    let calls = 0;
    respond = (r) =>
      r.path === '/hook/flaky' && calls++ < 2 ? new Response('busy', { status: 503 }) : new Response('ok');
    const { messageId } = await client().publishJSON({ url: target('/hook/flaky'), body: {}, retries: 3 });
    await qstash.advance(24 * 3600_000);
    const tries = qstash.deliveries.filter((d) => d.messageId === messageId);
    expect(tries.map((d) => [d.retried, d.status])).toEqual([
      [0, 503],
      [1, 503],
      [2, 200],
    ]);
    const [a, b, c] = tries.map((d) => d.at) as [number, number, number];
    expect(b - a).toBeGreaterThanOrEqual(12_000); // e^2.5 s
    expect(c - b).toBeGreaterThanOrEqual(148_000); // e^5 s
    expect(at('/hook/flaky').map((r) => r.headers.get('upstash-retried'))).toEqual(['0', '1', '2']);
  });

  it('waits for real when on the real clock', async () => {
    const real = await startQStashStandIn({ token: TOKEN, ...KEYS, clock: 'real', retryBaseMs: 5 });
    try {
      const c = new Client({ baseUrl: real.url, token: TOKEN, retry: false, devMode: false, enableTelemetry: false });
      respond = (r) =>
        r.path === '/hook/real' && at('/hook/real').length === 1
          ? new Response('', { status: 500 })
          : new Response('ok');
      const started = Date.now();
      await c.publishJSON({ url: target('/hook/real'), body: {}, delay: '1s' });
      await vi.waitFor(() => expect(at('/hook/real')).toHaveLength(2), { timeout: 5_000, interval: 20 });
      expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
      // The stand-in records a delivery once the target's answer is back, just after the target saw it.
      await vi.waitFor(() => expect(real.deliveries).toHaveLength(2), { timeout: 2_000, interval: 10 });
      expect(real.deliveries.map((d) => d.status)).toEqual([500, 200]);
    } finally {
      await real.close();
    }
  });

  it('parses Upstash-Delay durations', () => {
    expect(parseDelay('90s')).toBe(90_000);
    expect(parseDelay('1h30m')).toBe(5_400_000);
    expect(parseDelay('2d')).toBe(172_800_000);
    expect(parseDelay('10')).toBeNull();
    expect(parseDelay('1w')).toBeNull();
  });
});

describe('QStash stand-in: dead letters', () => {
  it('dead-letters after the last retry, lists it like QStash and calls the failure callback, signed', async () => {
    respond = (r) => (r.path === '/hook/broken' ? new Response('kaput', { status: 500 }) : new Response('ok'));
    const { messageId } = await client().publishJSON({
      url: target('/hook/broken'),
      body: { order: 7 },
      retries: 1,
      failureCallback: target('/hook/failed'),
    });
    await qstash.advance(3600_000);
    expect(at('/hook/broken')).toHaveLength(2);

    const { messages } = await client().dlq.listMessages({ filter: { url: target('/hook/broken') } });
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      messageId,
      url: target('/hook/broken'),
      body: '{"order":7}',
      maxRetries: 1,
      responseStatus: 500,
      responseBody: 'kaput',
    });

    const callback = at('/hook/failed')[0] as Received;
    expect(await verify(callback)).toBe(true);
    const payload = JSON.parse(callback.body);
    expect(payload).toMatchObject({ status: 500, retried: 1, maxRetries: 1, sourceMessageId: messageId });
    expect(payload.dlqId).toBe(messages[0]?.dlqId);
    expect(Buffer.from(payload.sourceBody, 'base64').toString()).toBe('{"order":7}');
    expect(Buffer.from(payload.body, 'base64').toString()).toBe('kaput');

    await client().dlq.delete(messages[0]?.dlqId as string);
    expect((await client().dlq.listMessages({ filter: { url: target('/hook/broken') } })).messages).toEqual([]);
  });

  it('dead-letters at once on 489 with Upstash-NonRetryable-Error, and retries a refused connection', async () => {
    respond = () => new Response('no', { status: 489, headers: { 'upstash-nonretryable-error': 'true' } });
    const fatal = await client().publishJSON({ url: target('/hook/fatal'), body: {}, retries: 3 });
    const gone = await client().publishJSON({ url: 'http://127.0.0.1:9/nobody', body: {}, retries: 1 });
    await qstash.advance(3600_000);
    const statuses = (id: string) => qstash.deliveries.filter((d) => d.messageId === id).map((d) => d.status);
    expect(statuses(fatal.messageId)).toEqual([489]);
    expect(statuses(gone.messageId)).toEqual([0, 0]);
    expect(qstash.dlq.map((e) => e.messageId)).toEqual(expect.arrayContaining([fatal.messageId, gone.messageId]));
  });
});
