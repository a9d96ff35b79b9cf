/**
 * A fresh, migrated database for one test file: a PGlite loaded from the migrated snapshot by
 * default, or a new PostgreSQL database under `TEST_DATABASE=postgres` (npm run test:services).
 */
import { readFile } from 'node:fs/promises';
import { inject } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../../db/client';
import { migrateDatabase } from '../../db/migrate';
import { createScratchDatabase } from './postgres';

export async function createTestDatabase(): Promise<DatabaseHandle> {
  if (process.env.TEST_DATABASE === 'postgres') {
    const scratch = await createScratchDatabase();
    const handle = await openDatabase(scratch.url, { maxConnections: 20 });
    await migrateDatabase(handle);
    return {
      ...handle,
      async close() {
        await handle.close();
        await scratch.drop();
      },
    };
  }
  const snapshot = inject('pgliteSnapshot');
  const tar = await readFile(snapshot);
  return openDatabase('memory://', { loadDataDir: new Blob([tar]) });
}
