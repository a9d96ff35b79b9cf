import { describe, expect, it } from 'vitest';
import { fullAt, refill, retryAfterSeconds, take } from './token-bucket';

const rule = { limit: 10, windowMs: 60_000 }; // one token every 6 s

describe('take', () => {
  it('starts full and grants until the bucket is empty', () => {
    let bucket = null;
    for (let i = 0; i < 10; i++) {
      const outcome = take(bucket, rule, 1, 0);
      expect(outcome.granted).toBe(1);
      expect(outcome.remaining).toBe(9 - i);
      bucket = outcome.bucket;
    }
    const refused = take(bucket, rule, 1, 0);
    expect(refused).toMatchObject({ granted: 0, remaining: 0, retryAfterMs: 6_000 });
  });

  it('refills continuously with time, never past the limit', () => {
    const empty = { tokens: 0, updatedAt: 0 };
    expect(take(empty, rule, 1, 5_999).granted).toBe(0);
    expect(take(empty, rule, 1, 5_999).retryAfterMs).toBe(1);
    expect(take(empty, rule, 1, 6_000).granted).toBe(1);
    expect(refill(empty, rule, 10 * 60_000).tokens).toBe(10);
  });

  it('is all or nothing unless partial, where it grants what is there', () => {
    const three = { tokens: 3, updatedAt: 0 };
    expect(take(three, rule, 5, 0)).toMatchObject({ granted: 0, retryAfterMs: 12_000 });
    expect(take(three, rule, 5, 0, true)).toMatchObject({ granted: 3, remaining: 0 });
    expect(take({ tokens: 0.5, updatedAt: 0 }, rule, 5, 0, true)).toMatchObject({ granted: 0, retryAfterMs: 3_000 });
  });

  it('refills nothing when the clock goes backwards', () => {
    const bucket = { tokens: 1, updatedAt: 10_000 };
    expect(refill(bucket, rule, 0)).toEqual(bucket);
  });

  it('applies a lowered limit at once', () => {
    expect(refill({ tokens: 10, updatedAt: 0 }, { limit: 2, windowMs: 60_000 }, 0).tokens).toBe(2);
  });
});

describe('fullAt and retryAfterSeconds', () => {
  it('says when an untouched bucket is full again', () => {
    expect(fullAt({ tokens: 4, updatedAt: 1_000 }, rule)).toBe(1_000 + 36_000);
  });

  it('rounds a wait up to whole seconds, at least one', () => {
    expect(retryAfterSeconds(1)).toBe(1);
    expect(retryAfterSeconds(1_000)).toBe(1);
    expect(retryAfterSeconds(1_001)).toBe(2);
    expect(retryAfterSeconds(0)).toBe(1);
  });
});
