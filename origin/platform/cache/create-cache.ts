import type { OriginConfig } from '../config/config';
import type { CachePort } from './cache-port';
import { MemoryCache } from './memory-cache';
import { RedisCache } from './redis-cache';
import { UpstashCache } from './upstash-cache';

/**
 * Picks the cache adapter from configuration: Upstash (REST) or Redis (`REDIS_URL`, ioredis)
 * when configured, memory otherwise. Several origin instances must share one of the first two:
 * sessions' throttles, replay marks and cached reads live there.
 */
export function createCache(config: Pick<OriginConfig, 'upstash' | 'redisUrl'>): CachePort {
  if (config.upstash) return new UpstashCache(config.upstash);
  if (config.redisUrl) return new RedisCache(config.redisUrl);
  return new MemoryCache();
}
