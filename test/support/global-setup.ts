/**
 * Runs once per `vitest run` for the origin project. On PGlite it migrates one embedded
 * database and hands every test file a snapshot of it (loading a snapshot takes well under a
 * second, a fresh initdb about four). On PostgreSQL (`TEST_DATABASE=postgres`) it checks the
 * server is reachable and fails loudly when it is not; each test file then gets its own
 * fresh database. Under `TEST_DATABASE=neon` the same, opened through the Neon driver via one
 * WebSocket relay for the whole run (sandbox/neon-relay/neon-relay.ts).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../db/client';
import { migrateDatabase } from '../../db/migrate';
import { startNeonRelay } from '../../sandbox/neon-relay/neon-relay';
import { assertPostgresReachable, testDatabaseUrl } from './postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteSnapshot: string;
    /** Port of the Neon WebSocket relay under `TEST_DATABASE=neon`, else 0. */
    neonRelayPort: number;
  }
}

export default async function setup(project: TestProject) {
  project.provide('neonRelayPort', 0);
  if (process.env.TEST_DATABASE === 'postgres' || process.env.TEST_DATABASE === 'neon') {
    await assertPostgresReachable(testDatabaseUrl());
    project.provide('pgliteSnapshot', '');
    if (process.env.TEST_DATABASE === 'postgres') return;
    const relay = await startNeonRelay();
    project.provide('neonRelayPort', relay.port);
    return () => relay.close();
  }
  const dir = await mkdtemp(join(tmpdir(), 'edgeshop-pglite-'));
  const handle = await openDatabase('memory://');
  await migrateDatabase(handle);
  const dump = await handle.pglite?.dumpDataDir('none');
  await handle.close();
  if (!dump) throw new Error('PGlite did not produce a snapshot');
  const file = join(dir, 'migrated.tar');
  await writeFile(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteSnapshot', file);
  return async () => {
    await rm(dir, { recursive: true, force: true });
  };
}
