/**
 * The test plumbing's own database under the real servers: what `createTestDatabase` opens is
 * the run's driver (`pg`, or the Neon driver through the relay), migrated. Needs PostgreSQL:
 * skipped unless TEST_DATABASE is set (npm run test:services).
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createTestDatabase, serverDatabase } from './db';

const rows = <T>(result: unknown) => (result as { rows: T[] }).rows;

describe.skipIf(!serverDatabase())('createTestDatabase on a real server', () => {
  it('opens a migrated database through the driver of the run (TEST_DATABASE=postgres or neon)', async () => {
    const db = await createTestDatabase();
    try {
      expect(db.kind).toBe(serverDatabase());
      expect(rows(await db.db.execute(sql`select 1 from outbox_events limit 1`))).toEqual([]);
    } finally {
      await db.close();
    }
  });
});
