/**
 * Cluster start-up on an empty database: every instance migrates at start, under one advisory
 * lock (db/migrate.ts), so three of them starting together apply each migration once and all
 * three start. Without the lock the second would fail on tables the first just created.
 */
import { readdirSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client';
import { MIGRATIONS_FOLDER, migrateDatabase } from '../../db/migrate';
import { openServerDatabase, serverDatabase } from '../support/db';
import { createScratchDatabase } from '../support/postgres';

describe.skipIf(!serverDatabase())('migrations under an advisory lock', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('three instances migrating one empty database at once apply every migration exactly once', async () => {
    const scratch = await createScratchDatabase();
    cleanups.push(() => scratch.drop());
    const handles: DatabaseHandle[] = [];
    for (let i = 0; i < 3; i++) handles.push(await openServerDatabase(scratch.url, 2));
    cleanups.push(async () => {
      await Promise.all(handles.map((h) => h.close()));
    });

    const outcomes = await Promise.allSettled(handles.map((h) => migrateDatabase(h)));
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);

    const files = readdirSync(MIGRATIONS_FOLDER).filter((f) => f.endsWith('.sql'));
    const applied = await handles[0]?.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
    expect((applied as unknown as { rows: Array<{ n: number }> }).rows[0]?.n).toBe(files.length);
    // The lock is free again: nobody holds it once start-up is over.
    const held = await handles[0]?.db.execute(
      sql`select count(*)::int as n from pg_locks where locktype = 'advisory' and database = (select oid from pg_database where datname = current_database())`,
    );
    expect((held as unknown as { rows: Array<{ n: number }> }).rows[0]?.n).toBe(0);
  });
});
