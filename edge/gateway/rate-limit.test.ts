import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { clientIp } from '../lib/client-identity';
import type { AppEnv } from '../lib/context';
import { errorHandler } from '../lib/errors';
import { requestId } from '../lib/request-id';
import { rateLimit } from './rate-limit';
import type { BucketRule } from './token-bucket';

// Refusals are logged at info level; keep the test output readable.
beforeEach(() => vi.spyOn(console, 'info').mockImplementation(() => {}));
afterEach(() => vi.restoreAllMocks());

/** An app with one limit class of its own (a fresh name: no bucket is shared between tests). */
function limitedApp(rule: BucketRule, leased = false) {
  const name = `t${crypto.randomUUID().slice(0, 8)}`;
  const app = new Hono<AppEnv>()
    .use(requestId)
    .use(rateLimit({ name, rule: () => rule, subjects: (c) => [`ip:${clientIp(c.req.raw.headers)}`], leased }))
    .get('/', (c) => c.text('ok'))
    .onError(errorHandler);
  const call = (ip: string, bindings: Env = env) =>
    app.request('/', { headers: { 'cf-connecting-ip': ip, 'x-request-id': 'trace-limit' } }, bindings);
  const bucketTokens = (ip: string) =>
    runInDurableObject(env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName(`${name}:ip:${ip}`)), (_o, state) =>
      Math.floor(state.storage.sql.exec<{ tokens: number }>('SELECT tokens FROM bucket').one().tokens),
    );
  return { call, bucketTokens };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('rateLimit', () => {
  it('refuses with 429 rate_limited and Retry-After in seconds once the bucket is empty', async () => {
    const { call } = limitedApp({ limit: 2, windowMs: 60_000 });
    expect((await call('203.0.113.1')).status).toBe(200);
    expect((await call('203.0.113.1')).status).toBe(200);
    const refused = await call('203.0.113.1');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('30');
    expect(refused.headers.get('x-request-id')).toBe('trace-limit');
    const body = await refused.json<{ error: { code: string; message: string } }>();
    expect(body.error.code).toBe('rate_limited');
    expect(body.error.message).toMatch(/retry in 30 s/);
  });

  it('counts every client IP on its own', async () => {
    const { call } = limitedApp({ limit: 1, windowMs: 60_000 });
    expect((await call('203.0.113.2')).status).toBe(200);
    expect((await call('203.0.113.2')).status).toBe(429);
    expect((await call('203.0.113.3')).status).toBe(200);
  });

  it('allows requests again once the bucket has refilled', async () => {
    const { call } = limitedApp({ limit: 2, windowMs: 400 }); // a token every 200 ms
    await call('203.0.113.4');
    await call('203.0.113.4');
    const refused = await call('203.0.113.4');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    await sleep(260);
    expect((await call('203.0.113.4')).status).toBe(200);
  });

  it('leases tokens in batches: the object is asked once per batch, not per request', async () => {
    const { call, bucketTokens } = limitedApp({ limit: 100, windowMs: 60_000 }, true); // batch of 10
    for (let i = 0; i < 5; i++) expect((await call('203.0.113.5')).status).toBe(200);
    expect(await bucketTokens('203.0.113.5')).toBe(90);
    for (let i = 0; i < 6; i++) await call('203.0.113.5');
    expect(await bucketTokens('203.0.113.5')).toBe(80);
  });

  it('fetches one lease for concurrent requests that find it empty, not one each', async () => {
    const { call, bucketTokens } = limitedApp({ limit: 100, windowMs: 60_000 }, true); // batch of 10
    const answers = await Promise.all(Array.from({ length: 10 }, () => call('203.0.113.7')));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(await bucketTokens('203.0.113.7')).toBe(90);
  });

  it('still enforces the limit exactly when leasing', async () => {
    const { call } = limitedApp({ limit: 20, windowMs: 60_000 }, true); // batch of 2
    for (let i = 0; i < 20; i++) expect((await call('203.0.113.6')).status).toBe(200);
    const refused = await call('203.0.113.6');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBe(3);
  });

  it('lets requests through, and logs it with the request id, when the limiter is down', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { call } = limitedApp({ limit: 1, windowMs: 60_000 });
    const broken = {
      ...env,
      RATE_LIMITER: {
        idFromName: () => {
          throw new Error('limiter down');
        },
      },
    } as unknown as Env;
    expect((await call('203.0.113.7', broken)).status).toBe(200);
    const line = JSON.parse(String(errors.mock.calls[0]?.[0]));
    expect(line).toMatchObject({ level: 'error', service: 'edge', requestId: 'trace-limit', reason: 'limiter down' });
  });
});
