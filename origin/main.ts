/**
 * Wires the origin from its configuration: database, cache, outbox relay and app. Used by
 * `server.ts` (Bun) and by the tests, which pass their own database and edge `fetch`.
 */
import { type DatabaseHandle, openDatabase } from '../db/client';
import { migrateDatabase } from '../db/migrate';
import { createApp } from './app';
import { catalogPublisher } from './catalog/publisher';
import type { OriginConfig } from './config';
import type { OriginContext } from './context';
import type { CachePort } from './platform/cache/cache-port';
import { createCache } from './platform/cache/create-cache';
import { jsonLogger, type Logger } from './platform/logger';
import { OutboxRelay } from './platform/outbox/relay';

export interface OriginOverrides {
  database?: DatabaseHandle;
  cache?: CachePort;
  log?: Logger;
  /** How the publisher reaches the edge (tests record publishes). */
  edgeFetch?: typeof fetch;
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

  const relay = new OutboxRelay(db, {
    pollMs: config.outboxPollMs,
    maxAttempts: config.outboxMaxAttempts,
    log: (message, fields) => log.warn(message, fields),
  });
  relay.on(
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
    catalog: { db, cache, currency: config.storeCurrency, ttlSeconds: config.catalogCacheTtlSeconds },
    async transaction(fn) {
      const result = await db.transaction(fn);
      relay.kick();
      return result;
    },
  };
  const app = createApp(ctx);
  return {
    app,
    ctx,
    relay,
    database,
    async close() {
      await relay.stop();
      await database.close();
    },
  };
}

export type Origin = Awaited<ReturnType<typeof createOrigin>>;
