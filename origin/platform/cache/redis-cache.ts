import { Redis } from 'ioredis';
import type { CachePort } from './cache-port';

/**
 * Redis over its own protocol (ioredis), for self-hosted origins and cluster mode
 * (`REDIS_URL`). Same key layout and JSON values as the Upstash adapter, so either can take
 * over the other's data. While the server is unreachable a command fails after one reconnect
 * attempt or two seconds (no endless queueing), so a request never waits long on a cache that
 * is gone: `cached()` falls back to the source.
 */
export class RedisCache implements CachePort {
  readonly kind = 'redis' as const;
  private readonly redis: Redis;

  constructor(
    url: string,
    private readonly prefix = 'edgeshop:',
  ) {
    this.redis = new Redis(url, {
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
      commandTimeout: 2000,
      // Reconnect forever, at most a second apart.
      retryStrategy: (times) => Math.min(times * 100, 1000),
    });
    // Errors reach the callers of each command; the connection's own error events are expected
    // while Redis is away and must not crash the process.
    this.redis.on('error', () => {});
  }

  /** Waits until connected (start-up), so the first requests do not fail for want of a connection. */
  async ready(timeoutMs = 5000): Promise<void> {
    if (this.redis.status === 'ready') return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Redis not reachable within ${timeoutMs} ms`)), timeoutMs);
      this.redis.once('ready', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  async get<T>(key: string): Promise<T | null> {
    const raw = await this.redis.get(this.prefix + key);
    return raw === null ? null : (JSON.parse(raw) as T);
  }

  async set(key: string, value: unknown, ttlSeconds: number): Promise<void> {
    await this.redis.set(this.prefix + key, JSON.stringify(value), 'EX', Math.max(1, Math.ceil(ttlSeconds)));
  }

  async del(...keys: string[]): Promise<void> {
    if (keys.length > 0) await this.redis.del(...keys.map((k) => this.prefix + k));
  }

  async setIfAbsent(key: string, value: unknown, ttlSeconds: number): Promise<boolean> {
    const ex = Math.max(1, Math.ceil(ttlSeconds));
    return (await this.redis.set(this.prefix + key, JSON.stringify(value), 'EX', ex, 'NX')) === 'OK';
  }

  async incr(key: string, ttlSeconds?: number): Promise<number> {
    if (ttlSeconds === undefined) return this.redis.incr(this.prefix + key);
    // One transaction: the counter never exists without its expiry.
    const result = await this.redis
      .multi()
      .incr(this.prefix + key)
      .expire(this.prefix + key, Math.max(1, Math.ceil(ttlSeconds)))
      .exec();
    const [error, value] = result?.[0] ?? [new Error('Redis transaction aborted'), null];
    if (error) throw error;
    return Number(value);
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
