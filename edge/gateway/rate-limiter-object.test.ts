import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { MIN_ALARM_GAP_MS, type RateLimiter } from './rate-limiter-object';

const perMinute = (limit: number) => ({ limit, windowMs: 60_000 });

const alarmOf = (stub: DurableObjectStub<RateLimiter>) =>
  runInDurableObject(stub, (_instance, state) => state.storage.getAlarm());
const bucketTable = (stub: DurableObjectStub<RateLimiter>) =>
  runInDurableObject(stub, (_instance, state) => [
    ...state.storage.sql.exec('SELECT name FROM sqlite_master WHERE name = ?', 'bucket'),
  ]);

function limiter(): DurableObjectStub<RateLimiter> {
  return env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName(`test:${crypto.randomUUID()}`));
}

describe('RateLimiter', () => {
  it('grants until the bucket is empty, then refuses with the wait for one token', async () => {
    const stub = limiter();
    expect(await stub.take(perMinute(2), 1)).toEqual({ allowed: true, granted: 1, remaining: 1, retryAfterMs: 0 });
    expect(await stub.take(perMinute(2), 1)).toMatchObject({ allowed: true, remaining: 0 });
    const refused = await stub.take(perMinute(2), 1);
    expect(refused.allowed).toBe(false);
    expect(refused.granted).toBe(0);
    expect(refused.retryAfterMs).toBeGreaterThan(29_000);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(30_000);
  });

  it('leases a batch, partially when the bucket holds less', async () => {
    const stub = limiter();
    expect(await stub.take(perMinute(30), 20, true)).toMatchObject({ allowed: true, granted: 20, remaining: 10 });
    expect(await stub.take(perMinute(30), 20, true)).toMatchObject({ allowed: true, granted: 10, remaining: 0 });
    expect(await stub.take(perMinute(30), 20, true)).toMatchObject({ allowed: false, granted: 0 });
  });

  it('keeps the count through an eviction: a restart is no fresh burst', async () => {
    const stub = limiter();
    await stub.take(perMinute(3), 3);
    await evictDurableObject(stub);
    expect(await stub.take(perMinute(3), 1)).toMatchObject({ allowed: false });
  });

  it('forgets a bucket by alarm once it would be full again', async () => {
    const stub = limiter();
    await stub.take(perMinute(3), 3);
    const alarm = await alarmOf(stub);
    expect(alarm).toBeGreaterThan(Date.now() + 55_000);
    // A minute passes: the stored bucket says it is full by now.
    await runInDurableObject(stub, (_instance, state) => {
      state.storage.sql.exec('UPDATE bucket SET full_at = ?', Date.now() - 1);
    });
    await evictDurableObject(stub);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await bucketTable(stub)).toEqual([]);
    expect(await stub.take(perMinute(3), 3)).toMatchObject({ allowed: true, remaining: 0 });
  });

  it('arms one alarm for a busy bucket, not one per take', async () => {
    const stub = limiter();
    await stub.take(perMinute(600), 20, true);
    const first = await alarmOf(stub);
    expect(first).toBeGreaterThanOrEqual(Date.now() + MIN_ALARM_GAP_MS - 1_000);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await stub.take(perMinute(600), 20, true);
    await stub.take(perMinute(600), 20, true);
    expect(await alarmOf(stub)).toBe(first);
  });

  it('re-arms an alarm that fires before the bucket is full, keeping the count', async () => {
    const stub = limiter();
    await stub.take(perMinute(3), 3);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await bucketTable(stub)).toEqual([{ name: 'bucket' }]);
    expect(await alarmOf(stub)).toBeGreaterThan(Date.now() + 55_000);
    expect(await stub.take(perMinute(3), 1)).toMatchObject({ allowed: false });
  });

  it('upgrades a bucket stored before full_at and forgets it at its old alarm', async () => {
    const stub = limiter();
    await stub.take(perMinute(3), 3);
    await runInDurableObject(stub, (_instance, state) => {
      state.storage.sql.exec('ALTER TABLE bucket DROP COLUMN full_at');
    });
    await evictDurableObject(stub);
    expect(await stub.take(perMinute(3), 1)).toMatchObject({ allowed: false });
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await bucketTable(stub)).toEqual([]);
  });
});
