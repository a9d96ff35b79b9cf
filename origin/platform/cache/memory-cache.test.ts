import { describe, expect, it } from 'vitest';
import { cacheContract } from './cache-contract';
import { cached } from './cache-port';
import { MemoryCache } from './memory-cache';

cacheContract('memory', () => new MemoryCache());

describe('MemoryCache', () => {
  it('evicts the least recently used entry beyond its size cap', async () => {
    const cache = new MemoryCache(2);
    await cache.set('a', 1, 60);
    await cache.set('b', 2, 60);
    await cache.get('a');
    await cache.set('c', 3, 60);
    expect(await cache.get('b')).toBeNull();
    expect(await cache.get('a')).toBe(1);
    expect(await cache.get('c')).toBe(3);
  });

  it('hands out copies, so a caller cannot change what the next one reads', async () => {
    const cache = new MemoryCache();
    await cache.set('k', { n: 1 }, 60);
    const first = await cache.get<{ n: number }>('k');
    if (first) first.n = 2;
    expect(await cache.get('k')).toEqual({ n: 1 });
  });
});

describe('cached (cache-aside)', () => {
  it('loads once and serves later reads from the cache', async () => {
    const cache = new MemoryCache();
    let loads = 0;
    const load = async () => ({ loads: ++loads });
    expect(await cached(cache, 'x', 60, load)).toEqual({ loads: 1 });
    expect(await cached(cache, 'x', 60, load)).toEqual({ loads: 1 });
    expect(loads).toBe(1);
  });

  it('does not cache a missing value', async () => {
    const cache = new MemoryCache();
    let loads = 0;
    const load = async () => {
      loads++;
      return null;
    };
    await cached(cache, 'y', 60, load);
    await cached(cache, 'y', 60, load);
    expect(loads).toBe(2);
  });

  it('falls back to the source when the cache fails', async () => {
    const broken = new MemoryCache();
    broken.get = async () => {
      throw new Error('cache down');
    };
    broken.set = async () => {
      throw new Error('cache down');
    };
    expect(await cached(broken, 'z', 60, async () => 'fresh')).toBe('fresh');
  });
});
