import { Redis } from '@upstash/redis';
import type { CachePort } from './cache-port';

/** Upstash Redis over its REST API (production). Keys are namespaced by `prefix`. */
export class UpstashCache implements CachePort {
  readonly kind = 'upstash' as const;
  private readonly redis: Redis;

  constructor(
    options: { url: string; token: string },
    private readonly prefix = 'edgeshop:',
  ) {
    this.redis = new Redis({ url: options.url, token: options.token, automaticDeserialization: false });
  }

  async get<T>(key: string): Promise<T | null> {
    const raw = await this.redis.get<string>(this.prefix + key);
    return raw === null || raw === undefined ? null : (JSON.parse(raw) as T);
  }

  async set(key: string, value: unknown, ttlSeconds: number): Promise<void> {
    await this.redis.set(this.prefix + key, JSON.stringify(value), { ex: Math.max(1, Math.ceil(ttlSeconds)) });
  }

  async del(...keys: string[]): Promise<void> {
    if (keys.length > 0) await this.redis.del(...keys.map((k) => this.prefix + k));
  }

  async setIfAbsent(key: string, value: unknown, ttlSeconds: number): Promise<boolean> {
    const ex = Math.max(1, Math.ceil(ttlSeconds));
    return (await this.redis.set(this.prefix + key, JSON.stringify(value), { nx: true, ex })) === 'OK';
  }

  async incr(key: string, ttlSeconds?: number): Promise<number> {
    if (ttlSeconds === undefined) return this.redis.incr(this.prefix + key);
    // One transaction: the counter never exists without its expiry.
    const [value] = await this.redis
      .multi()
      .incr(this.prefix + key)
      .expire(this.prefix + key, Math.max(1, Math.ceil(ttlSeconds)))
      .exec<[number, number]>();
    return value;
  }
}
