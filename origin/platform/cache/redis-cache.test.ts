/**
 * The Redis adapter (ioredis, `REDIS_URL`) against the machine's Redis. Needs Redis, so it runs
 * under `npm run test:services` (any TEST_DATABASE) and is skipped by `npm test`.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheContract } from './cache-contract';
import { createCache } from './create-cache';
import { RedisCache } from './redis-cache';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe.skipIf(!process.env.TEST_DATABASE)('RedisCache against Redis', () => {
  const prefix = `edgeshop-test:${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}:`;
  const opened: RedisCache[] = [];
  const cache = () => {
    const c = new RedisCache(REDIS_URL, prefix);
    opened.push(c);
    return c;
  };
  // Opened in beforeAll, not here: a skipped suite's body still runs, and an open connection
  // would keep the test process alive.
  let raw: Redis;
  beforeAll(() => {
    raw = new Redis(REDIS_URL);
  });

  afterAll(async () => {
    if (!raw) return;
    const keys = await raw.keys(`${prefix}*`);
    if (keys.length > 0) await raw.del(...keys);
    raw.disconnect();
    await Promise.all(opened.map((c) => c.close()));
  });

  cacheContract('redis', cache);

  it('stores JSON under its prefix with the TTL rounded up to whole seconds', async () => {
    const c = cache();
    await c.set('priced', { amount: 1999, currency: 'USD' }, 1.2);
    expect(await raw.get(`${prefix}priced`)).toBe('{"amount":1999,"currency":"USD"}');
    const ttl = await raw.pttl(`${prefix}priced`);
    expect(ttl).toBeGreaterThan(1200);
    expect(ttl).toBeLessThanOrEqual(2000);
  });

  it('is what createCache picks for REDIS_URL', async () => {
    const c = createCache({ upstash: null, redisUrl: REDIS_URL });
    expect(c.kind).toBe('redis');
    await (c as RedisCache).close();
  });

  it('fails a command while Redis is unreachable, instead of queueing it for ever', async () => {
    const down = new RedisCache('redis://127.0.0.1:1', prefix);
    opened.push(down);
    await expect(down.get('anything')).rejects.toThrow();
  });
});
