/**
 * Applies the committed drizzle-kit migrations. `npm run db:migrate` runs it for
 * `DATABASE_URL`; the origin's start-up and the tests call `migrateDatabase` directly.
 */
import { fileURLToPath } from 'node:url';
import { type DatabaseHandle, openDatabase } from './client';

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('./migrations', import.meta.url));

/**
 * The session-level advisory lock every migrating instance takes first (an arbitrary constant,
 * "edgeshop" in ASCII): instances of a cluster starting together on an empty database migrate
 * one after the other, the later ones finding nothing left to apply.
 */
export const MIGRATION_LOCK_KEY = 0x6564_6765_7368_6f70n;

interface PooledClient {
  query(text: string, values?: unknown[]): Promise<unknown>;
  release(): void;
}

/** Applies the migrations of `folder` not applied yet (another folder: tests of one migration's data step). */
export async function migrateDatabase(handle: DatabaseHandle, folder = MIGRATIONS_FOLDER): Promise<void> {
  const config = { migrationsFolder: folder };
  if (handle.kind === 'pglite') {
    // One process owns an embedded database: nobody to race.
    const { migrate } = await import('drizzle-orm/pglite/migrator');
    await migrate(handle.db as never, config);
    return;
  }
  // The lock belongs to a session, so the migration runs on the one connection holding it.
  const pool = (handle.db as unknown as { $client: { connect(): Promise<PooledClient> } }).$client;
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY.toString()]);
    try {
      if (handle.kind === 'postgres') {
        const { drizzle } = await import('drizzle-orm/node-postgres');
        const { migrate } = await import('drizzle-orm/node-postgres/migrator');
        await migrate(drizzle(client as never), config);
      } else {
        const { drizzle } = await import('drizzle-orm/neon-serverless');
        const { migrate } = await import('drizzle-orm/neon-serverless/migrator');
        await migrate(drizzle(client as never), config);
      }
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY.toString()]);
    }
  } finally {
    client.release();
  }
}

if (import.meta.main) {
  const handle = await openDatabase(process.env.DATABASE_URL, {
    driver: process.env.DATABASE_DRIVER as never,
  });
  await migrateDatabase(handle);
  console.log(`migrations applied to ${handle.description}`);
  await handle.close();
}
