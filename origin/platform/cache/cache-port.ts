/**
 * The distributed cache as the services see it. Values are JSON. The memory adapter is the
 * local default; the Upstash adapter is used when `UPSTASH_REDIS_REST_URL` is set, the Redis one
 * (ioredis) when `REDIS_URL` is. All pass
 * the same contract suite (`cache-contract.ts`).
 */
export interface CachePort {
  readonly kind: 'memory' | 'upstash' | 'redis';
  get<T>(key: string): Promise<T | null>;
  /** Stores `value` for `ttlSeconds` (whole seconds, ≥ 1). */
  set(key: string, value: unknown, ttlSeconds: number): Promise<void>;
  del(...keys: string[]): Promise<void>;
  /**
   * Atomically increments an integer counter (created at 0), returning the new value. With
   * `ttlSeconds`, the counter expires that long after this increment (in the same atomic step,
   * so a counter never outlives its last use by more); without, it keeps its expiry, if any.
   */
  incr(key: string, ttlSeconds?: number): Promise<number>;
  /**
   * Stores `value` for `ttlSeconds` only when `key` holds nothing live, atomically (Redis
   * `SET NX EX`): true for the one caller that stored it, false for every other, however many
   * race. For "seen once" marks (the replay guard of signed internal requests).
   */
  setIfAbsent(key: string, value: unknown, ttlSeconds: number): Promise<boolean>;
}

/**
 * Cache-aside: the cached value when present, else `load()`'s result stored for `ttlSeconds`.
 * `null` results are not cached, so a missing item appears as soon as it is created. A cache
 * outage degrades to loading from the source rather than failing the read.
 */
export async function cached<T>(
  cache: CachePort,
  key: string,
  ttlSeconds: number,
  load: () => Promise<T | null>,
): Promise<T | null> {
  const hit = await cache.get<T>(key).catch(() => null);
  if (hit !== null) return hit;
  const value = await load();
  if (value !== null) await cache.set(key, value, ttlSeconds).catch(() => {});
  return value;
}
