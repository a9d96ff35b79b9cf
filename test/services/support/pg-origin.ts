/**
 * An in-process origin on a fresh PostgreSQL database with a pool of our choosing (the shared
 * test support fixes 20 connections), shaped as a `TestOrigin` so the checkout fixtures of
 * test/support/checkout.ts work unchanged. The edge is a recorder that checks signatures.
 */
import pg from 'pg';
import { migrateDatabase } from '../../../db/migrate';
import type { CachePort } from '../../../origin/platform/cache/cache-port';
import type { Logger } from '../../../origin/platform/logger';
import { openServerDatabase } from '../../support/db';
import { startTestOrigin, type TestOrigin } from '../../support/origin';
import { createScratchDatabase } from '../../support/postgres';

export interface PgTestOrigin extends TestOrigin {
  /** URL of the scratch database (dropped by close()). */
  url: string;
  /** What the origin logged at error level (e.g. 'unhandled error' with a deadlock). */
  errors: string[];
  /** A plain client for raw SQL checks, outside the origin's pool. */
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
}

export async function startPgOrigin(
  poolSize: number,
  env: Record<string, string> = {},
  options: { cache?: CachePort } = {},
): Promise<PgTestOrigin> {
  const scratch = await createScratchDatabase();
  const database = await openServerDatabase(scratch.url, poolSize);
  await migrateDatabase(database);
  const errors: string[] = [];
  const log: Logger = { info() {}, warn() {}, error: (m, f) => errors.push(`${m} ${JSON.stringify(f)}`) };
  const t = await startTestOrigin(
    { DATABASE_POOL_SIZE: String(poolSize), ...env },
    { database, log, cache: options.cache },
  );
  const client = new pg.Client({ connectionString: scratch.url });
  await client.connect();
  return {
    ...t,
    url: scratch.url,
    errors,
    async sql<T>(text: string, params: unknown[] = []) {
      return (await client.query(text, params)).rows as T[];
    },
    async close() {
      await client.end().catch(() => {});
      await t.close();
      await scratch.drop();
    },
  };
}

/** Runs `task(i)` for i in 0..n-1 with at most `limit` in flight; results in index order. */
export async function pool<T>(n: number, limit: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const results = new Array<T>(n);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < n; i = next++) results[i] = await task(i);
  };
  await Promise.all(Array.from({ length: Math.min(limit, n) }, worker));
  return results;
}

/** Counts values: `{ '201': 100, '409 out_of_stock': 1900 }`. */
export function tally(values: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}
