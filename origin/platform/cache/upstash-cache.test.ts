/**
 * The Upstash adapter against a real Redis, through the Upstash REST protocol
 * (sandbox/upstash-redis/upstash-redis-bridge.ts). Needs Redis, so it runs under
 * `npm run test:services` (any TEST_DATABASE) and is skipped by `npm test`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  deleteKeys,
  startUpstashRedisBridge,
  type UpstashRedisBridge,
} from '../../../sandbox/upstash-redis/upstash-redis-bridge';
import { cacheContract } from './cache-contract';
import { UpstashCache } from './upstash-cache';

describe.skipIf(!process.env.TEST_DATABASE)('UpstashCache against Redis', () => {
  // Every key this file writes lives under its own prefix, deleted afterwards.
  const prefix = `edgeshop-test:${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}:`;
  let bridge: UpstashRedisBridge;
  const cache = () => new UpstashCache({ url: bridge.url, token: bridge.token }, prefix);

  beforeAll(async () => {
    bridge = await startUpstashRedisBridge();
  });
  afterAll(async () => {
    if (!bridge) return;
    await deleteKeys(bridge.redis, `${prefix}*`);
    await bridge.close();
  });

  cacheContract('upstash', cache);

  it('stores JSON under its prefix with the TTL rounded up to whole seconds', async () => {
    await cache().set('priced', { amount: 1999, currency: 'USD' }, 1.2);
    expect(String(await bridge.redis.call('GET', `${prefix}priced`))).toBe('{"amount":1999,"currency":"USD"}');
    const ttl = (await bridge.redis.call('PTTL', `${prefix}priced`)) as number;
    expect(ttl).toBeGreaterThan(1200);
    expect(ttl).toBeLessThanOrEqual(2000);
  });

  it('keeps counters without expiry, readable with get', async () => {
    const c = cache();
    expect(await c.incr('hits')).toBe(1);
    expect(await c.incr('hits')).toBe(2);
    expect(await c.get('hits')).toBe(2);
    expect(await bridge.redis.call('TTL', `${prefix}hits`)).toBe(-1);
  });

  it('fails loudly with a wrong token rather than reading as a miss', async () => {
    const wrong = new UpstashCache({ url: bridge.url, token: 'not-the-token' }, prefix);
    await expect(wrong.get('anything')).rejects.toThrow(/Unauthorized/);
  });
});
