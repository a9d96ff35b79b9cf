import type { OriginConfig } from '../config/config';
import type { CachePort } from './cache-port';
import { MemoryCache } from './memory-cache';
import { UpstashCache } from './upstash-cache';

/** Picks the cache adapter from configuration: Upstash when configured, memory otherwise. */
export function createCache(config: Pick<OriginConfig, 'upstash'>): CachePort {
  return config.upstash ? new UpstashCache(config.upstash) : new MemoryCache();
}
