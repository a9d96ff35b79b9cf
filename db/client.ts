/**
 * Opens the database named by a URL, always as the same drizzle `PgDatabase` type so that the
 * rest of the code has one path for all three drivers:
 * - unset, `pglite://<dir>` or `memory://` → PGlite (embedded, default `.data/pglite`); a
 *   directory that `db/serve.ts` is serving (as under `npm start`) is reached through that
 *   server with `pg` instead, since two processes must never open one PGlite directory;
 * - `postgres://…` / `postgresql://…` → a real PostgreSQL through `pg`;
 * - a Neon URL (`*.neon.tech`), or any URL with `DATABASE_DRIVER=neon` → `@neondatabase/serverless`.
 *
 * A read replica (`DATABASE_REPLICA_URL`) is opened with the primary's driver; `readerFor`
 * combines the two with drizzle's `withReplicas` (selects → replica, everything else → primary).
 */
import type { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { type PgDatabase, type PgQueryResultHKT, withReplicas } from 'drizzle-orm/pg-core';
import * as schema from './schema';
import { servedAt } from './served-dir';

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type DatabaseKind = 'pglite' | 'postgres' | 'neon';

export interface DatabaseHandle {
  db: Database;
  kind: DatabaseKind;
  /** Where it points, without credentials (for logs). */
  description: string;
  close(): Promise<void>;
  /** Present for PGlite only: the embedded instance (tests snapshot it). */
  pglite?: PGlite;
  /** The read replica, when opened with `replicaUrl` (`close()` closes it too). */
  replica?: Database;
}

export interface OpenOptions {
  /** Force a driver (`DATABASE_DRIVER`); otherwise chosen from the URL. */
  driver?: DatabaseKind;
  /** Pool size for the network drivers. */
  maxConnections?: number;
  /** PGlite only: start from a `dumpDataDir()` tarball instead of an empty cluster. */
  loadDataDir?: Blob | File;
  /** Also open this read replica (`DATABASE_REPLICA_URL`) with the primary's driver. */
  replicaUrl?: string;
  /**
   * PGlite only: open the directory in this process even if `db/serve.ts` announces it (the
   * server itself does). Otherwise an announced directory is reached through its server.
   */
  embedded?: boolean;
}

export const DEFAULT_PGLITE_DIR = '.data/pglite';

export function driverFor(url: string | undefined, forced?: DatabaseKind): DatabaseKind {
  if (forced) return forced;
  if (!url || url.startsWith('pglite://') || url.startsWith('memory://')) return 'pglite';
  if (/^postgres(ql)?:\/\//.test(url)) {
    return new URL(url).hostname.endsWith('.neon.tech') ? 'neon' : 'postgres';
  }
  throw new Error(`DATABASE_URL must be postgres://…, pglite://<dir> or memory:// (got "${redact(url)}")`);
}

/**
 * An idle pooled connection the server drops (restart, failover, a replica recycled) is
 * removed by the pool itself; without a listener its 'error' event would crash the process.
 */
function ignoreIdleClientError(): void {}

/**
 * The same for a connection checked out of the pool when the server goes away between two of
 * its queries (the database unreachable for a while, cluster fault test (c)): the pool's own
 * listener covers idle connections only, and an 'error' event nobody listens to ends the
 * process. The query in progress, or the next one, fails with the error instead, and the
 * connection is discarded when it is released.
 */
function ignoreCheckedOutClientError(): void {}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]+@/, '//$1:***@');
}

/** Refuses a replica for an embedded primary: PGlite is one process and cannot stream to a standby. */
export function assertReplicaSupported(primaryKind: DatabaseKind): void {
  if (primaryKind === 'pglite') {
    throw new Error(
      'DATABASE_REPLICA_URL needs a PostgreSQL or Neon primary in DATABASE_URL: PGlite has no replicas (unset DATABASE_REPLICA_URL, or point DATABASE_URL at PostgreSQL)',
    );
  }
}

/**
 * The embedded database's memory. PostgreSQL's default 128 MB of shared buffers is allocated and
 * touched when PGlite starts, all of it resident in the origin's process although a laptop
 * shop's data sits in the OS page cache anyway (PGlite reads its files through the OS): 16 MB
 * keeps the origin's idle RSS ~110 MB lower with no measurable cost to the seed or the bench.
 */
const PGLITE_SETTINGS = ['shared_buffers=16MB'];

export async function openDatabase(url?: string, options: OpenOptions = {}): Promise<DatabaseHandle> {
  const kind = driverFor(url, options.driver);
  if (options.replicaUrl) {
    assertReplicaSupported(kind);
    if (!/^postgres(ql)?:\/\//.test(options.replicaUrl)) {
      throw new Error(`DATABASE_REPLICA_URL must be postgres://… (got "${redact(options.replicaUrl)}")`);
    }
    return withReplica(url as string, kind, options);
  }
  if (kind === 'pglite') {
    const { PGlite } = await import('@electric-sql/pglite');
    const { drizzle } = await import('drizzle-orm/pglite');
    const dataDir = !url ? DEFAULT_PGLITE_DIR : url.startsWith('memory://') ? undefined : url.slice('pglite://'.length);
    const served = dataDir && !options.embedded ? await servedAt(dataDir) : null;
    if (served) {
      const handle = await openDatabase(served.url, { ...options, driver: 'postgres' });
      return { ...handle, description: `pglite:${dataDir} (served at ${served.url})` };
    }
    // PGlite ignores the options argument when the data dir is undefined: pass them alone then.
    const pgliteOptions = {
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
      startParams: [...PGlite.defaultStartParams, ...PGLITE_SETTINGS.flatMap((setting) => ['-c', setting])],
    };
    const client = dataDir ? new PGlite(dataDir, pgliteOptions) : new PGlite(pgliteOptions);
    await client.waitReady;
    return {
      db: drizzle(client, { schema }) as unknown as Database,
      kind,
      description: dataDir ? `pglite:${dataDir}` : 'pglite:memory',
      close: () => client.close(),
      pglite: client,
    };
  }
  const max = options.maxConnections ?? 10;
  if (kind === 'postgres') {
    const { Pool } = await import('pg');
    const { drizzle } = await import('drizzle-orm/node-postgres');
    const pool = new Pool({ connectionString: url, max });
    pool.on('error', ignoreIdleClientError);
    pool.on('connect', (client) => client.on('error', ignoreCheckedOutClientError));
    return {
      db: drizzle(pool, { schema }) as unknown as Database,
      kind,
      description: redact(url as string),
      close: () => pool.end(),
    };
  }
  const { Pool } = await import('@neondatabase/serverless');
  const { drizzle } = await import('drizzle-orm/neon-serverless');
  const pool = new Pool({ connectionString: url, max });
  pool.on('error', ignoreIdleClientError);
  pool.on('connect', (client: { on(event: 'error', listener: () => void): unknown }) =>
    client.on('error', ignoreCheckedOutClientError),
  );
  return {
    db: drizzle(pool, { schema }) as unknown as Database,
    kind,
    description: redact(url as string),
    close: () => pool.end(),
  };
}

/** Opens the primary and the replica, each with its own pool; closing the handle closes both. */
async function withReplica(url: string, kind: DatabaseKind, options: OpenOptions): Promise<DatabaseHandle> {
  const { replicaUrl, ...rest } = options;
  const primary = await openDatabase(url, { ...rest, driver: kind });
  let replica: DatabaseHandle;
  try {
    replica = await openDatabase(replicaUrl, { ...rest, driver: kind });
  } catch (err) {
    await primary.close();
    throw err;
  }
  return {
    ...primary,
    description: `${primary.description} (replica ${replica.description})`,
    replica: replica.db,
    async close() {
      await Promise.all([primary.close(), replica.close()]);
    },
  };
}

/**
 * The database shopper-facing reads go through: selects on the replica, while writes,
 * `execute` and transactions stay on the primary (drizzle `withReplicas`). Without a replica,
 * the primary itself.
 */
export function readerFor(primary: Database, replica?: Database): Database {
  return replica ? withReplicas(primary, [replica]) : primary;
}

/**
 * Waits until `replica` has replayed everything the primary had written when called (the
 * check PostgreSQL's own replication tests use). True when caught up, false on timeout; a
 * server that is not in recovery (no replay position) counts as caught up. Assumes the
 * default `synchronous_commit=on`: an asynchronous commit may not be in the WAL written yet.
 */
export async function waitForReplica(
  primary: Database,
  replica: Database,
  { timeoutMs = 10_000, pollMs = 20 }: { timeoutMs?: number; pollMs?: number } = {},
): Promise<boolean> {
  const [target] = rows<{ lsn: string }>(await primary.execute(sql`select pg_current_wal_lsn()::text as lsn`));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [state] = rows<{ done: boolean | null }>(
      await replica.execute(sql`select pg_last_wal_replay_lsn() >= ${target?.lsn}::pg_lsn as done`),
    );
    if (state?.done !== false) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

function rows<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}
