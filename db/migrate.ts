/**
 * Applies the committed drizzle-kit migrations. `npm run db:migrate` runs it for
 * `DATABASE_URL`; the origin's start-up and the tests call `migrateDatabase` directly.
 */
import { fileURLToPath } from 'node:url';
import { type DatabaseHandle, openDatabase } from './client';

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('./migrations', import.meta.url));

/** Applies the migrations of `folder` not applied yet (another folder: tests of one migration's data step). */
export async function migrateDatabase(handle: DatabaseHandle, folder = MIGRATIONS_FOLDER): Promise<void> {
  const config = { migrationsFolder: folder };
  if (handle.kind === 'pglite') {
    const { migrate } = await import('drizzle-orm/pglite/migrator');
    await migrate(handle.db as never, config);
  } else if (handle.kind === 'postgres') {
    const { migrate } = await import('drizzle-orm/node-postgres/migrator');
    await migrate(handle.db as never, config);
  } else {
    const { migrate } = await import('drizzle-orm/neon-serverless/migrator');
    await migrate(handle.db as never, config);
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
