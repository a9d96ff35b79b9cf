import { describe, expect, it } from 'vitest';
import { MemoryCache } from '../cache/memory-cache';
import { FREE_FAILURES, lockSeconds, loginThrottle } from './login-throttle';

function throttleWithClock() {
  let now = 1_000_000;
  const clock = () => now;
  const throttle = loginThrottle(new MemoryCache(1_000, clock), clock, 'test-login');
  return { throttle, advance: (ms: number) => (now += ms) };
}

describe('loginThrottle', () => {
  it('lets the free failures through, then locks for 1 s, 2 s, 4 s … from the latest failure', async () => {
    const { throttle, advance } = throttleWithClock();
    for (let i = 0; i < FREE_FAILURES; i++) await throttle.failed('a@example.com');
    expect(await throttle.retryAfter('a@example.com')).toBe(0);
    await throttle.failed('a@example.com');
    expect(await throttle.retryAfter('a@example.com')).toBe(1);
    advance(1_000);
    expect(await throttle.retryAfter('a@example.com')).toBe(0);
    await throttle.failed('a@example.com');
    expect(await throttle.retryAfter('a@example.com')).toBe(2);
    expect(await throttle.retryAfter('b@example.com')).toBe(0);
  });

  it('counts every one of a burst of concurrent failures', async () => {
    const { throttle } = throttleWithClock();
    await Promise.all(Array.from({ length: 12 }, () => throttle.failed('burst@example.com')));
    expect(await throttle.retryAfter('burst@example.com')).toBe(lockSeconds(12));
    expect(lockSeconds(12)).toBe(128);
  });

  it('forgets everything on success, and after a quiet hour past the longest lock', async () => {
    const { throttle, advance } = throttleWithClock();
    for (let i = 0; i < 6; i++) await throttle.failed('c@example.com');
    await throttle.succeeded('c@example.com');
    expect(await throttle.retryAfter('c@example.com')).toBe(0);
    await throttle.failed('c@example.com');
    expect(await throttle.retryAfter('c@example.com')).toBe(0); // counting from 1 again

    for (let i = 0; i < 30; i++) await throttle.failed('d@example.com');
    expect(await throttle.retryAfter('d@example.com')).toBe(15 * 60);
    advance((3600 + 15 * 60) * 1000);
    expect(await throttle.retryAfter('d@example.com')).toBe(0);
    await throttle.failed('d@example.com');
    expect(await throttle.retryAfter('d@example.com')).toBe(0);
  });

  it('keeps an email locked when the cache lost the time of its latest failure', async () => {
    const now = 1_000_000;
    const cache = new MemoryCache(1_000, () => now);
    const throttle = loginThrottle(cache, () => now, 'test-login');
    for (let i = 0; i < 7; i++) await throttle.failed('e@example.com');
    await cache.del('test-login:e@example.com:failed-at');
    expect(await throttle.retryAfter('e@example.com')).toBe(lockSeconds(7));
  });
});

describe('MemoryCache counters', () => {
  it('count against its size cap like any value', async () => {
    const cache = new MemoryCache(3);
    for (let i = 0; i < 10; i++) await cache.incr(`k${i}`, 60);
    expect(await cache.get('k0')).toBeNull();
    expect(await cache.get('k9')).toBe(1);
  });
});
