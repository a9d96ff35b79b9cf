/**
 * The behaviour every CachePort adapter must show. Run by `memory-cache.test.ts` and, against
 * a real Redis behind the Upstash REST protocol, by the services suite.
 */
import { describe, expect, it } from 'vitest';
import type { CachePort } from './cache-port';

export function cacheContract(name: string, make: () => CachePort | Promise<CachePort>) {
  describe(`CachePort contract: ${name}`, () => {
    const key = (s: string) => `contract:${s}:${Math.random().toString(36).slice(2)}`;

    it('returns null for a key never set', async () => {
      const cache = await make();
      expect(await cache.get(key('missing'))).toBeNull();
    });

    it('round-trips JSON values', async () => {
      const cache = await make();
      const k = key('json');
      const value = { a: 1, b: ['x', { c: true }], money: { amount: 1999, currency: 'USD' } };
      await cache.set(k, value, 60);
      expect(await cache.get(k)).toEqual(value);
    });

    it('forgets a deleted key and ignores deleting a missing one', async () => {
      const cache = await make();
      const k = key('del');
      await cache.set(k, 'v', 60);
      await cache.del(k, key('never'));
      expect(await cache.get(k)).toBeNull();
    });

    it('expires values after their TTL', async () => {
      const cache = await make();
      const k = key('ttl');
      await cache.set(k, 'v', 1);
      await new Promise((r) => setTimeout(r, 1100));
      expect(await cache.get(k)).toBeNull();
    });

    it('increments counters atomically under concurrency', async () => {
      const cache = await make();
      const k = key('incr');
      const results = await Promise.all(Array.from({ length: 25 }, () => cache.incr(k)));
      expect(new Set(results).size).toBe(25);
      expect(Math.max(...results)).toBe(25);
      expect(Number(await cache.get(k))).toBe(25);
    });

    it('expires a counter incremented with a TTL, counting again from 1 afterwards', async () => {
      const cache = await make();
      const k = key('incr-ttl');
      expect(await cache.incr(k, 1)).toBe(1);
      expect(await cache.incr(k, 1)).toBe(2);
      await new Promise((r) => setTimeout(r, 1100));
      expect(await cache.get(k)).toBeNull();
      expect(await cache.incr(k, 60)).toBe(1);
    });

    it('sets a key only when absent: one winner among racing callers, readable with get', async () => {
      const cache = await make();
      const k = key('nx');
      const won = await Promise.all(Array.from({ length: 25 }, (_, i) => cache.setIfAbsent(k, { i }, 60)));
      expect(won.filter(Boolean)).toHaveLength(1);
      expect(await cache.get(k)).toEqual({ i: won.indexOf(true) });
      expect(await cache.setIfAbsent(k, { i: 99 }, 60)).toBe(false);
    });

    it('sets a key again once the earlier one expired', async () => {
      const cache = await make();
      const k = key('nx-ttl');
      expect(await cache.setIfAbsent(k, 1, 1)).toBe(true);
      expect(await cache.setIfAbsent(k, 2, 1)).toBe(false);
      await new Promise((r) => setTimeout(r, 1100));
      expect(await cache.setIfAbsent(k, 3, 60)).toBe(true);
      expect(await cache.get(k)).toBe(3);
    });

    it("keeps a counter's expiry when incremented without a TTL", async () => {
      const cache = await make();
      const k = key('incr-keep');
      await cache.incr(k, 1);
      expect(await cache.incr(k)).toBe(2);
      await new Promise((r) => setTimeout(r, 1100));
      expect(await cache.get(k)).toBeNull();
    });
  });
}
