import { describe, expect, it } from 'vitest';
import { TtlCache } from './ttl-cache';

describe('TtlCache', () => {
  it('returns a value until its TTL passes', () => {
    const cache = new TtlCache<string>(10);
    cache.set('k', 'v', 1000, 0);
    expect(cache.get('k', 999)).toBe('v');
    expect(cache.get('k', 1000)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('remembers null as a value, distinct from a miss', () => {
    const cache = new TtlCache<string | null>(10);
    cache.set('gone', null, 1000, 0);
    expect(cache.get('gone', 1)).toBeNull();
    expect(cache.get('other', 1)).toBeUndefined();
  });

  it('evicts the oldest entry when full', () => {
    const cache = new TtlCache<number>(2);
    cache.set('a', 1, 1000, 0);
    cache.set('b', 2, 1000, 0);
    cache.set('c', 3, 1000, 0);
    expect(cache.get('a', 1)).toBeUndefined();
    expect(cache.get('b', 1)).toBe(2);
    expect(cache.get('c', 1)).toBe(3);
  });

  it('forgets everything on clear', () => {
    const cache = new TtlCache<number>(2);
    cache.set('a', 1, 1000, 0);
    cache.clear();
    expect(cache.get('a', 1)).toBeUndefined();
  });

  it('evicts the oldest entries to stay under its weight bound, and refuses a value heavier than it', () => {
    const cache = new TtlCache<string>(10, { maxWeight: 10, weigh: (v) => v.length });
    cache.set('a', 'xxxx', 1000, 0);
    cache.set('b', 'xxxx', 1000, 0);
    expect(cache.weight).toBe(8);
    cache.set('c', 'xxxx', 1000, 0);
    expect(cache.get('a', 1)).toBeUndefined();
    expect(cache.get('b', 1)).toBe('xxxx');
    expect(cache.weight).toBe(8);
    cache.set('b', 'xx', 1000, 0); // replacing an entry counts its new weight only
    expect(cache.weight).toBe(6);
    cache.set('huge', 'x'.repeat(11), 1000, 0);
    expect(cache.get('huge', 1)).toBeUndefined();
    expect(cache.get('c', 1)).toBe('xxxx');
    cache.get('c', 2000); // expired entries leave the weight too
    expect(cache.weight).toBe(2);
  });
});
