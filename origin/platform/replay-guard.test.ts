import { describe, expect, it } from 'vitest';
import { MAX_SKEW_SECONDS } from '../../contract/signing';
import { MemoryCache } from './cache/memory-cache';
import { acceptedOnce, firstSighting, rememberSeconds } from './replay-guard';

describe('acceptedOnce', () => {
  it('holds for the methods that change something, not for reads', () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE', 'post']) expect(acceptedOnce(method), method).toBe(true);
    for (const method of ['GET', 'HEAD', 'OPTIONS', 'get']) expect(acceptedOnce(method), method).toBe(false);
  });
});

describe('rememberSeconds', () => {
  it('lasts until the signature window has closed, and at least a second', () => {
    const ts = 1_700_000_000;
    expect(rememberSeconds(ts, ts * 1000)).toBe(MAX_SKEW_SECONDS + 1);
    // Signed 50 s ahead of this clock (skew): valid until ts + 60 by this clock.
    expect(rememberSeconds(ts + 50, ts * 1000)).toBe(50 + MAX_SKEW_SECONDS + 1);
    expect(rememberSeconds(ts, (ts + MAX_SKEW_SECONDS) * 1000 + 999)).toBe(1);
    expect(rememberSeconds(ts, (ts + 500) * 1000)).toBe(1);
  });
});

describe('firstSighting', () => {
  it('says yes once per signature, then no until the window ends', async () => {
    let now = 1_700_000_000_000;
    const cache = new MemoryCache(100, () => now);
    const ts = now / 1000;
    expect(await firstSighting(cache, 'aa', ts, now)).toBe(true);
    expect(await firstSighting(cache, 'aa', ts, now)).toBe(false);
    expect(await firstSighting(cache, 'bb', ts, now)).toBe(true);
    now += MAX_SKEW_SECONDS * 1000;
    expect(await firstSighting(cache, 'aa', ts, now)).toBe(false);
    now += 1000;
    // The window is over: the verifier refuses the stale signature before asking again.
    expect(await firstSighting(cache, 'aa', ts, now)).toBe(true);
  });
});
