import { describe, expect, it } from 'vitest';
import {
  LeasePool,
  leaseBatch,
  MAX_GROWN_LEASE_BATCH,
  MAX_LEASE_BATCH,
  maxLeaseBatch,
  QUICK_SPEND_MS,
} from './lease-pool';

describe('leaseBatch', () => {
  it('is at most MAX_LEASE_BATCH and at most a tenth of the limit, never zero', () => {
    expect(leaseBatch(600)).toBe(MAX_LEASE_BATCH);
    expect(leaseBatch(100)).toBe(10);
    expect(leaseBatch(5)).toBe(1);
  });
});

describe('maxLeaseBatch', () => {
  it('is at most MAX_GROWN_LEASE_BATCH and at most a tenth of the limit, never below the first batch', () => {
    expect(maxLeaseBatch(600)).toBe(60);
    expect(maxLeaseBatch(100_000_000)).toBe(MAX_GROWN_LEASE_BATCH);
    expect(maxLeaseBatch(100)).toBe(10);
    expect(maxLeaseBatch(5)).toBe(1);
  });
});

describe('LeasePool.nextBatch', () => {
  /** Spends every token of `key`'s lease at `now`. */
  function drain(pool: LeasePool, key: string, now: number): void {
    while (pool.trySpend(key, now).kind === 'spent') {}
  }

  it('starts with the first batch size', () => {
    expect(new LeasePool(10).nextBatch('k', 600, 0)).toBe(MAX_LEASE_BATCH);
  });

  it('doubles for a client that spends its lease within QUICK_SPEND_MS, up to the largest batch', () => {
    const pool = new LeasePool(10);
    const limit = 100_000;
    let now = 0;
    const sizes: number[] = [];
    for (let i = 0; i < 10; i++) {
      const batch = pool.nextBatch('k', limit, now);
      sizes.push(batch);
      pool.addLease('k', batch, now, 10_000, batch);
      now += QUICK_SPEND_MS / 2;
      drain(pool, 'k', now);
    }
    expect(sizes).toEqual([20, 40, 80, 160, 320, 640, 1_000, 1_000, 1_000, 1_000]);
  });

  it('keeps the size for a moderately busy client and goes back to the first size for a slow one', () => {
    const pool = new LeasePool(10);
    pool.addLease('k', 80, 0, 10_000, 80);
    drain(pool, 'k', 0);
    expect(pool.nextBatch('k', 100_000, 2 * QUICK_SPEND_MS)).toBe(80);
    expect(pool.nextBatch('k', 100_000, 4 * QUICK_SPEND_MS)).toBe(20);
  });

  it('goes back to the first size when the last lease expired unspent or ended in a refusal', () => {
    const pool = new LeasePool(10);
    pool.addLease('k', 80, 0, 100, 80);
    expect(pool.nextBatch('k', 100_000, 200)).toBe(20); // 79 tokens left, expired: over-leased
    pool.block('k', 300, 1_000);
    expect(pool.nextBatch('k', 100_000, 1_400)).toBe(20);
  });

  it('never asks for more than a tenth of the limit', () => {
    const pool = new LeasePool(10);
    pool.addLease('k', 60, 0, 10_000, 60);
    drain(pool, 'k', 0);
    expect(pool.nextBatch('k', 600, 10)).toBe(60);
  });
});

describe('LeasePool', () => {
  it('needs a lease first, then spends it locally, the current request taking one', () => {
    const pool = new LeasePool(10);
    expect(pool.trySpend('api:ip:a', 0)).toEqual({ kind: 'empty' });
    pool.addLease('api:ip:a', 3, 0, 10_000);
    expect(pool.trySpend('api:ip:a', 1)).toEqual({ kind: 'spent' });
    expect(pool.trySpend('api:ip:a', 2)).toEqual({ kind: 'spent' });
    expect(pool.trySpend('api:ip:a', 3)).toEqual({ kind: 'empty' });
  });

  it('keeps the unexpired tokens of an earlier lease when another one arrives (concurrent fetches)', () => {
    const pool = new LeasePool(10);
    pool.addLease('k', 5, 0, 10_000); // 4 left
    pool.addLease('k', 5, 1, 10_000); // 4 + 4
    let spent = 0;
    while (pool.trySpend('k', 2).kind === 'spent') spent++;
    expect(spent).toBe(8);
    pool.addLease('k', 5, 20_000, 10_000); // the earlier ones expired meanwhile
    spent = 0;
    while (pool.trySpend('k', 20_001).kind === 'spent') spent++;
    expect(spent).toBe(4);
  });

  it('drops unspent tokens when the lease expires', () => {
    const pool = new LeasePool(10);
    pool.addLease('k', 20, 0, 1_000);
    expect(pool.trySpend('k', 999)).toEqual({ kind: 'spent' });
    expect(pool.trySpend('k', 1_000)).toEqual({ kind: 'empty' });
  });

  it('remembers a refusal until its retry time', () => {
    const pool = new LeasePool(10);
    pool.block('k', 0, 2_000);
    expect(pool.trySpend('k', 500)).toEqual({ kind: 'blocked', retryAfterMs: 1_500 });
    expect(pool.blockedFor('k', 500)).toBe(1_500);
    expect(pool.blockedFor('other', 500)).toBe(0);
    expect(pool.trySpend('k', 2_000)).toEqual({ kind: 'empty' });
  });

  it('keeps keys apart and evicts the oldest when full', () => {
    const pool = new LeasePool(2);
    pool.addLease('a', 5, 0, 10_000);
    pool.block('b', 0, 10_000);
    pool.addLease('c', 5, 0, 10_000);
    expect(pool.size).toBe(2);
    expect(pool.trySpend('a', 1)).toEqual({ kind: 'empty' });
    expect(pool.trySpend('b', 1).kind).toBe('blocked');
    expect(pool.trySpend('c', 1)).toEqual({ kind: 'spent' });
  });
});
