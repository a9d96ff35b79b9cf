/**
 * An in-process origin on a fresh PostgreSQL database with a pool of our choosing (the shared
 * test support fixes 20 connections), shaped as a `TestOrigin` so the checkout fixtures of
 * test/support/checkout.ts work unchanged. The edge is a recorder that checks signatures.
 */
import pg from 'pg';
import { openDatabase } from '../../../db/client';
import { migrateDatabase } from '../../../db/migrate';
import type { PublishPayload } from '../../../origin/catalog/snapshot';
import { loadConfig } from '../../../origin/config';
import { createOrigin } from '../../../origin/main';
import { MemoryCache } from '../../../origin/platform/cache/memory-cache';
import { signInternalRequest, verifyInternalRequest } from '../../../origin/platform/internal-auth';
import type { Logger } from '../../../origin/platform/logger';
import { ADMIN_TOKEN, INTERNAL_SECRET, type TestOrigin } from '../../support/origin';
import { createScratchDatabase } from '../../support/postgres';

export interface PgTestOrigin extends TestOrigin {
  /** URL of the scratch database (dropped by close()). */
  url: string;
  /** What the origin logged at error level (e.g. 'unhandled error' with a deadlock). */
  errors: string[];
  /** A plain client for raw SQL checks, outside the origin's pool. */
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
}

export async function startPgOrigin(poolSize: number): Promise<PgTestOrigin> {
  const scratch = await createScratchDatabase();
  const database = await openDatabase(scratch.url, { maxConnections: poolSize });
  await migrateDatabase(database);
  const config = loadConfig({
    ADMIN_TOKEN,
    INTERNAL_SECRET,
    EDGE_URL: 'http://edge.test',
    OUTBOX_POLL_MS: '60000',
    DATABASE_POOL_SIZE: String(poolSize),
  });
  const publishes: PublishPayload[] = [];
  const edgeFetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    const body = String(init?.body ?? '');
    const ok = await verifyInternalRequest(INTERNAL_SECRET, 'POST', url.pathname, body, new Headers(init?.headers));
    if (!ok) return new Response('bad signature', { status: 401 });
    publishes.push(JSON.parse(body));
    return new Response(null, { status: 204 });
  }) as typeof fetch;
  const errors: string[] = [];
  const log: Logger = { info() {}, warn() {}, error: (m, f) => errors.push(`${m} ${JSON.stringify(f)}`) };
  const origin = await createOrigin(config, {
    database,
    cache: new MemoryCache(),
    log,
    edgeFetch,
    migrate: false,
  });
  const client = new pg.Client({ connectionString: scratch.url });
  await client.connect();
  const app = origin.app;
  return {
    url: scratch.url,
    errors,
    origin,
    config,
    publishes,
    edgeFailure: { status: null },
    admin: async (method, path, body) =>
      app.request(path, {
        method,
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    internal: async (path) => app.request(path, { headers: await signInternalRequest(INTERNAL_SECRET, 'GET', path) }),
    drain: () => origin.relay.drain(),
    async sql<T>(text: string, params: unknown[] = []) {
      return (await client.query(text, params)).rows as T[];
    },
    async close() {
      await client.end().catch(() => {});
      await origin.close();
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
