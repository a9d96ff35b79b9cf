/**
 * A fresh, migrated database for one test file: a PGlite loaded from the migrated snapshot by
 * default, or a new PostgreSQL database under `TEST_DATABASE=postgres` (npm run test:services),
 * opened through `pg`, or under `TEST_DATABASE=neon` through `@neondatabase/serverless` and the
 * WebSocket relay that global-setup.ts starts.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../../db/client';
import { migrateDatabase } from '../../db/migrate';
import { useNeonRelay } from '../../sandbox/neon-relay/neon-relay';
import { createScratchDatabase } from './postgres';

/** The real server this run tests against, or null on PGlite. */
export function serverDatabase(): 'postgres' | 'neon' | null {
  const kind = process.env.TEST_DATABASE;
  return kind === 'postgres' || kind === 'neon' ? kind : null;
}

/** Opens a PostgreSQL URL with this run's driver: `pg`, or the Neon driver through the relay. */
export async function openServerDatabase(url: string, maxConnections: number): Promise<DatabaseHandle> {
  if (serverDatabase() !== 'neon') return openDatabase(url, { maxConnections });
  useNeonRelay(inject('neonRelayPort'));
  return openDatabase(url, { driver: 'neon', maxConnections });
}

/**
 * Environment for an origin started as its own Bun process (scripts/lib/stack.mjs) so that it
 * opens its database the way this run does: under neon, the Neon driver, pointed at the relay
 * by a preload (the product has no setting for a relay, and should not).
 */
export function originProcessEnv(): Record<string, string> {
  if (serverDatabase() !== 'neon') return {};
  const preload = fileURLToPath(new URL('../../sandbox/neon-relay/neon-preload.ts', import.meta.url));
  return {
    DATABASE_DRIVER: 'neon',
    NEON_RELAY_PORT: String(inject('neonRelayPort')),
    BUN_OPTIONS: `--preload ${preload}`,
  };
}

export async function createTestDatabase(): Promise<DatabaseHandle> {
  if (serverDatabase()) {
    const scratch = await createScratchDatabase();
    const handle = await openServerDatabase(scratch.url, 20);
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
