/**
 * The migration that ties root keys to their ADMIN_TOKEN, run over a database holding keys from
 * before it: root keys cannot say which token made them, so they end up revoked; staff keys
 * keep working. On PGlite, and on PostgreSQL under TEST_DATABASE=postgres.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../../db/client';
import { MIGRATIONS_FOLDER, migrateDatabase } from '../../db/migrate';
import { openServerDatabase, serverDatabase } from '../../test/support/db';
import { createScratchDatabase } from '../../test/support/postgres';

const MIGRATION = '0010_api_keys_root_token';

let handle: DatabaseHandle;
let drop: () => Promise<void> = async () => {};
let before: string;

beforeAll(async () => {
  if (serverDatabase()) {
    const scratch = await createScratchDatabase();
    handle = await openServerDatabase(scratch.url, 2);
    drop = scratch.drop;
  } else {
    handle = await openDatabase('memory://');
  }
  // The migrations folder as it was before this migration: its files and a journal without it.
  before = await mkdtemp(join(tmpdir(), 'edgeshop-migrations-'));
  await cp(MIGRATIONS_FOLDER, before, { recursive: true });
  const journalFile = join(before, 'meta', '_journal.json');
  const journal = JSON.parse(await readFile(journalFile, 'utf8')) as { entries: { tag: string }[] };
  const at = journal.entries.findIndex((e) => e.tag === MIGRATION);
  expect(at).toBeGreaterThan(0);
  journal.entries = journal.entries.slice(0, at);
  await writeFile(journalFile, JSON.stringify(journal));
});
afterAll(async () => {
  await handle?.close();
  await drop();
  if (before) await rm(before, { recursive: true, force: true });
});

const rows = async () =>
  (
    (await handle.db.execute(sql`select id, revoked_at from api_keys order by id`)) as unknown as {
      rows: { id: string; revoked_at: unknown }[];
    }
  ).rows.map((r) => ({ id: r.id, revoked: r.revoked_at !== null }));

describe(`migration ${MIGRATION}`, () => {
  it('revokes the root keys it finds (their token is unknown) and leaves staff keys alone', async () => {
    await migrateDatabase(handle, before);
    await handle.db.execute(
      sql`insert into staff (id, email, role, password_hash) values ('stf_1', 'o@shop.test', 'owner', 'x')`,
    );
    await handle.db.execute(sql`
      insert into api_keys (id, name, prefix, key_hash, permissions, created_by, revoked_at) values
        ('key_1', 'root, live', 'sk_live_a', 'h1', '["orders:read"]', null, null),
        ('key_2', 'root, revoked earlier', 'sk_live_b', 'h2', '["orders:read"]', null, '2026-01-01T00:00:00Z'),
        ('key_3', 'staff', 'sk_live_c', 'h3', '["orders:read"]', 'stf_1', null);
    `);
    await migrateDatabase(handle);
    expect(await rows()).toEqual([
      { id: 'key_1', revoked: true },
      { id: 'key_2', revoked: true },
      { id: 'key_3', revoked: false },
    ]);
    const kept = (await handle.db.execute(sql`select revoked_at from api_keys where id = 'key_2'`)) as unknown as {
      rows: { revoked_at: Date | string }[];
    };
    expect(new Date(kept.rows[0]?.revoked_at as string).toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });

  it('leaves no way to store a live root key without its token', async () => {
    await expect(
      handle.db.execute(sql`
        insert into api_keys (id, name, prefix, key_hash, permissions) values ('key_4', 'x', 'p', 'h4', '[]')`),
    ).rejects.toThrow();
  });
});
