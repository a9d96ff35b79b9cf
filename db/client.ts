/**
 * Opens the database named by a URL, always as the same drizzle `PgDatabase` type so that the
 * rest of the code has one path for all three drivers:
 * - unset, `pglite://<dir>` or `memory://` → PGlite (embedded, default `.data/pglite`);
 * - `postgres://…` / `postgresql://…` → a real PostgreSQL through `pg`;
 * - a Neon URL (`*.neon.tech`), or any URL with `DATABASE_DRIVER=neon` → `@neondatabase/serverless`.
 */
import type { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema';

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
}

export interface OpenOptions {
  /** Force a driver (`DATABASE_DRIVER`); otherwise chosen from the URL. */
  driver?: DatabaseKind;
  /** Pool size for the network drivers. */
  maxConnections?: number;
  /** PGlite only: start from a `dumpDataDir()` tarball instead of an empty cluster. */
  loadDataDir?: Blob | File;
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

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]+@/, '//$1:***@');
}

export async function openDatabase(url?: string, options: OpenOptions = {}): Promise<DatabaseHandle> {
  const kind = driverFor(url, options.driver);
  if (kind === 'pglite') {
    const { PGlite } = await import('@electric-sql/pglite');
    const { drizzle } = await import('drizzle-orm/pglite');
    const dataDir = !url ? DEFAULT_PGLITE_DIR : url.startsWith('memory://') ? undefined : url.slice('pglite://'.length);
    // PGlite ignores the options argument when the data dir is undefined: pass them alone then.
    const pgliteOptions = options.loadDataDir ? { loadDataDir: options.loadDataDir } : {};
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
  return {
    db: drizzle(pool, { schema }) as unknown as Database,
    kind,
    description: redact(url as string),
    close: () => pool.end(),
  };
}
