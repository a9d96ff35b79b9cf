/**
 * Wires the origin from its configuration: database (primary, and the read replica when
 * configured), cache, queue (outbox relay) and app. Used by `server.ts` (Bun) and by the tests,
 * which pass their own database and edge `fetch`.
 */
import { assertReplicaSupported, type DatabaseHandle, driverFor, openDatabase, waitForReplica } from '../db/client';
import { migrateDatabase } from '../db/migrate';
import { routeReads } from '../db/replica-route';
import { createApp } from './app';
import { catalogNeighbours, catalogPublisher, republishRequested } from './catalog';
import { registerConsumers } from './consumers';
import type { CachePort } from './platform/cache/cache-port';
import { createCache } from './platform/cache/create-cache';
import { RedisCache } from './platform/cache/redis-cache';
import type { OriginConfig } from './platform/config/config';
import type { OriginContext } from './platform/context';
import { gatedPasswords } from './platform/credentials/password';
import { ConsoleEmailSender } from './platform/email/console-sender';
import type { EmailSender } from './platform/email/email-sender';
import { startHousekeeping } from './platform/housekeeping';
import { Lifecycle, originReadinessChecks } from './platform/lifecycle';
import { jsonLogger, type Logger } from './platform/logger';
import { createQueue } from './platform/queue/create-queue';
import { workGate } from './platform/work-gate';
import { pruneRulesFor } from './prune-rules';

export interface OriginOverrides {
  /** The primary, instead of opening `DATABASE_URL` (and `DATABASE_REPLICA_URL`, ignored then). */
  database?: DatabaseHandle;
  /** A read replica of `database` for the shopper-facing reads (closed by `close()`). */
  replica?: DatabaseHandle;
  cache?: CachePort;
  log?: Logger;
  /** A real email sender (see platform/email/email-sender.ts); the console sender otherwise. */
  email?: EmailSender;
  /** How the publisher reaches the edge (tests record publishes). */
  edgeFetch?: typeof fetch;
  /** How payment providers and carriers are reached (tests route to in-process sandboxes). */
  outboundFetch?: typeof fetch;
  /** How the other services are reached at SERVICES_URL (tests route to in-process origins). */
  serviceFetch?: typeof fetch;
  /** Apply migrations at start (default true). */
  migrate?: boolean;
}

export async function createOrigin(config: OriginConfig, overrides: OriginOverrides = {}) {
  const log = overrides.log ?? jsonLogger('origin');
  // A replica the primary cannot have fails the start-up before anything is opened.
  if (overrides.replica || (!overrides.database && config.databaseReplicaUrl)) {
    assertReplicaSupported(overrides.database?.kind ?? driverFor(config.databaseUrl, config.databaseDriver));
  }
  const database =
    overrides.database ??
    (await openDatabase(config.databaseUrl, {
      driver: config.databaseDriver,
      maxConnections: config.databasePoolSize,
      replicaUrl: config.databaseReplicaUrl,
    }));
  // Migrations run on the primary only: a replica receives the schema by replication.
  if (overrides.migrate !== false) await migrateDatabase(database);
  const cache = overrides.cache ?? createCache(config);
  const db = database.db;
  const replica = overrides.replica?.db ?? database.replica;
  // Shopper reads on the replica while it answers, on the primary while it does not.
  const route = replica ? routeReads(db, replica, { log }) : null;
  const reader = route?.reader ?? db;

  const queue = createQueue(config.queue, db, log);
  const email = overrides.email ?? new ConsoleEmailSender(config.email.from, log, config.production);
  const ctx: OriginContext = {
    config,
    db,
    reader,
    cache,
    passwords: gatedPasswords(workGate(config.passwordHashing)),
    email,
    log,
    queue,
    http: overrides.outboundFetch ?? fetch,
    edgeFetch: overrides.edgeFetch ?? fetch,
    serviceFetch: overrides.serviceFetch ?? fetch,
    async transaction(fn) {
      const result = await db.transaction(fn);
      queue.kick();
      return result;
    },
  };
  // The catalog's publisher runs where the catalog is served; elsewhere its events are forwarded.
  if (config.services.local.includes('catalog')) {
    queue.ownedBy('catalog').on(
      'catalog.*',
      catalogPublisher({
        db,
        cache,
        currency: config.storeCurrency,
        edgeUrl: config.edgeUrl,
        internalSecret: config.internalSecret,
        neighbours: catalogNeighbours(ctx),
        fetch: overrides.edgeFetch,
        // While reads are on the primary there is nothing to wait for.
        replicaCaughtUp: replica && route ? async () => !route.onReplica() || waitForReplica(db, replica) : undefined,
      }),
    );
    queue.ownedBy(undefined);
  }
  registerConsumers(ctx);
  const lifecycle = new Lifecycle(originReadinessChecks(db, cache));
  const app = createApp(ctx, { lifecycle });
  const housekeeping =
    config.housekeepingIntervalSeconds > 0
      ? startHousekeeping({
          db,
          log,
          intervalMs: config.housekeepingIntervalSeconds * 1000,
          rules: pruneRulesFor(config.services.local),
        })
      : null;
  return {
    app,
    ctx,
    relay: queue,
    queue,
    database,
    housekeeping,
    /** Readiness and the requests in flight, for probes and the drain (platform/lifecycle.ts). */
    lifecycle,
    /**
     * Asks the relay to publish the whole catalog to the edge (an outbox event, so it is
     * retried until the edge takes it): called on start, so the edge can serve every product
     * and list page without the origin from the first start on. A no-op where the catalog is
     * not served.
     */
    async publishCatalog(): Promise<void> {
      if (config.services.local.includes('catalog')) await ctx.transaction((tx) => republishRequested(tx));
    },
    /** Where shopper reads go when a replica is configured (null without one). */
    replicaRoute: route,
    async close() {
      route?.stop();
      await Promise.all([queue.stop(), housekeeping?.stop()]);
      await Promise.all([database.close(), overrides.replica?.close()]);
      // A connection this origin opened (REDIS_URL) closes with it; a cache passed in is the caller's.
      if (!overrides.cache && cache instanceof RedisCache) await cache.close();
    },
  };
}

export type Origin = Awaited<ReturnType<typeof createOrigin>>;
