/**
 * Wires the origin from its configuration: database, cache, queue (outbox relay) and app. Used by
 * `server.ts` (Bun) and by the tests, which pass their own database and edge `fetch`.
 */
import { type DatabaseHandle, openDatabase } from '../db/client';
import { migrateDatabase } from '../db/migrate';
import { createApp } from './app';
import { catalogPublisher } from './catalog/publisher';
import type { OriginConfig } from './config';
import { registerConsumers } from './consumers';
import type { OriginContext } from './context';
import type { CachePort } from './platform/cache/cache-port';
import { createCache } from './platform/cache/create-cache';
import { jsonLogger, type Logger } from './platform/logger';
import { createQueue } from './platform/queue/create-queue';

export interface OriginOverrides {
  database?: DatabaseHandle;
  cache?: CachePort;
  log?: Logger;
  /** How the publisher reaches the edge (tests record publishes). */
  edgeFetch?: typeof fetch;
  /** How payment providers and carriers are reached (tests route to in-process sandboxes). */
  outboundFetch?: typeof fetch;
  /** Apply migrations at start (default true). */
  migrate?: boolean;
}

export async function createOrigin(config: OriginConfig, overrides: OriginOverrides = {}) {
  const log = overrides.log ?? jsonLogger('origin');
  const database =
    overrides.database ??
    (await openDatabase(config.databaseUrl, {
      driver: config.databaseDriver,
      maxConnections: config.databasePoolSize,
    }));
  if (overrides.migrate !== false) await migrateDatabase(database);
  const cache = overrides.cache ?? createCache(config);
  const db = database.db;

  const queue = createQueue(config.queue, db, log);
  queue.on(
    'catalog.*',
    catalogPublisher({
      db,
      cache,
      currency: config.storeCurrency,
      edgeUrl: config.edgeUrl,
      internalSecret: config.internalSecret,
      fetch: overrides.edgeFetch,
    }),
  );

  const ctx: OriginContext = {
    config,
    db,
    cache,
    log,
    queue,
    http: overrides.outboundFetch ?? fetch,
    catalog: { db, cache, currency: config.storeCurrency, ttlSeconds: config.catalogCacheTtlSeconds },
    async transaction(fn) {
      const result = await db.transaction(fn);
      queue.kick();
      return result;
    },
  };
  registerConsumers(ctx);
  const app = createApp(ctx);
  return {
    app,
    ctx,
    relay: queue,
    queue,
    database,
    async close() {
      await queue.stop();
      await database.close();
    },
  };
}

export type Origin = Awaited<ReturnType<typeof createOrigin>>;
