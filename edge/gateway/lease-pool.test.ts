import { describe, expect, it } from 'vitest';
import { LeasePool, leaseBatch, MAX_LEASE_BATCH } from './lease-pool';

describe('leaseBatch', () => {
  it('is at most MAX_LEASE_BATCH and at most a tenth of the limit, never zero', () => {
    expect(leaseBatch(600)).toBe(MAX_LEASE_BATCH);
    expect(leaseBatch(100)).toBe(10);
    expect(leaseBatch(5)).toBe(1);
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
