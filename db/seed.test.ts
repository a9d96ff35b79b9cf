import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CATALOG_REPUBLISH_TOPIC } from '../contract/catalog';
import { createScratchDatabase } from '../test/support/postgres';
import { openDatabase } from './client';
import { outboxEvents } from './schema/outbox';
import { countProducts, main } from './seed';

const ROOT = join(import.meta.dirname, '..');

/** A database URL nobody else uses: a PGlite folder, or a scratch PostgreSQL database. */
async function scratchUrl(): Promise<{ url: string; drop(): Promise<void> }> {
  if (process.env.TEST_DATABASE === 'postgres') return createScratchDatabase();
  const dir = await mkdtemp(join(tmpdir(), 'edgeshop-seed-'));
  return { url: `pglite://${dir}`, drop: () => rm(dir, { recursive: true, force: true }) };
}

/** Pending outbox events asking for a whole-catalog publish. */
async function republishRequestsIn(url: string): Promise<number> {
  const handle = await openDatabase(url);
  try {
    const rows = await handle.db
      .select({ id: outboxEvents.id })
      .from(outboxEvents)
      .where(and(eq(outboxEvents.topic, CATALOG_REPUBLISH_TOPIC), eq(outboxEvents.status, 'pending')));
    return rows.length;
  } finally {
    await handle.close();
  }
}

async function productsIn(url: string): Promise<number> {
  const handle = await openDatabase(url);
  try {
    return await countProducts(handle.db);
  } finally {
    await handle.close();
  }
}

let scratch: { url: string; drop(): Promise<void> };
let out: string[];
let err: string[];

beforeEach(async () => {
  scratch = await scratchUrl();
  out = [];
  err = [];
  vi.spyOn(console, 'log').mockImplementation((line: string) => void out.push(line));
  vi.spyOn(console, 'error').mockImplementation((line: string) => void err.push(line));
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(async () => {
  vi.restoreAllMocks();
  await scratch.drop();
});

describe('db/seed.ts', () => {
  it('seeds, then skips with --if-empty, refuses without it, and replaces with --reset', {
    timeout: 90_000,
  }, async () => {
    const env = { DATABASE_URL: scratch.url };
    expect(await main(['--products', '30'], env)).toBe(0);
    expect(out.at(-1)).toMatch(/^seed: 30 products, \d+ variants, 28 categories \(seed 42\)/);
    // A running origin publishes the seeded catalog to the edge.
    expect(await republishRequestsIn(scratch.url)).toBe(1);

    expect(await main(['--products', '30', '--if-empty'], env)).toBe(0);
    expect(out.at(-1)).toContain('already has 30 products; nothing to do');
    expect(await republishRequestsIn(scratch.url)).toBe(1);

    expect(await main(['--products', '30'], env)).toBe(1);
    expect(err.at(-1)).toMatch(/refusing to seed .* already has 30 products[\s\S]*--reset/);

    expect(await main(['--products', '12', '--reset'], env)).toBe(0);
    expect(await productsIn(scratch.url)).toBe(12);
  });

  it('exits 2 on bad usage or an unknown driver, before opening any database', async () => {
    expect(await main(['--products', 'many'], { DATABASE_URL: scratch.url })).toBe(2);
    expect(err.at(-1)).toMatch(/--products needs a non-negative integer[\s\S]*usage:/);
    expect(await main([], { DATABASE_URL: scratch.url, DATABASE_DRIVER: 'mysql' })).toBe(2);
  });

  it('runs under Bun the way npm run seed does, with plain progress lines off a terminal', { timeout: 90_000 }, () => {
    const run = spawnSync(join(ROOT, 'node_modules/.bin/bun'), ['db/seed.ts', '--products', '25', '--if-empty'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: scratch.url },
      encoding: 'utf8',
      timeout: 80_000,
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/seed: 25 products/);
    expect(run.stderr).toContain('seed: 25/25 products (100%)');
    expect(run.stderr).not.toContain('\r');
  });
});
