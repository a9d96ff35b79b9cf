import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseUrl } from '../test/support/postgres';
import { type DatabaseHandle, openDatabase, readerFor, waitForReplica } from './client';

const rows = <T>(result: unknown) => (result as { rows: T[] }).rows;
const one = sql`(select 1) as one`;

describe('opening a read replica', () => {
  it('refuses a replica for an embedded PGlite primary, saying why', async () => {
    await expect(openDatabase('memory://', { replicaUrl: 'postgres://u@replica/shop' })).rejects.toThrow(
      /DATABASE_REPLICA_URL.*PGlite has no replicas/,
    );
    await expect(openDatabase(undefined, { replicaUrl: 'postgres://u@replica/shop' })).rejects.toThrow(/PGlite/);
  });

  it('refuses a replica URL that is not PostgreSQL without echoing the password', async () => {
    const opening = openDatabase('postgres://u@127.0.0.1:1/shop', { replicaUrl: 'mysql://root:hunter2@db/shop' });
    await expect(opening).rejects.toThrow(/DATABASE_REPLICA_URL must be postgres/);
    await expect(opening).rejects.not.toThrow(/hunter2/);
  });
});

describe('readerFor (drizzle withReplicas)', () => {
  // Two separate databases stand in for primary and replica: each answers with its own name.
  let primary: DatabaseHandle;
  let replica: DatabaseHandle;
  beforeAll(async () => {
    [primary, replica] = await Promise.all([openDatabase('memory://'), openDatabase('memory://')]);
    for (const [handle, name] of [
      [primary, 'primary'],
      [replica, 'replica'],
    ] as const) {
      await handle.db.execute(sql`create table whoami (name text)`);
      await handle.db.execute(sql`insert into whoami values (${name})`);
    }
  });
  afterAll(async () => {
    await Promise.all([primary?.close(), replica?.close()]);
  });

  const whoami = async (db: DatabaseHandle['db']) =>
    (await db.select({ name: sql<string>`(select name from whoami)` }).from(one))[0]?.name;

  it('is the primary itself when there is no replica', () => {
    expect(readerFor(primary.db)).toBe(primary.db);
  });

  it('sends selects to the replica, and writes, execute and transactions to the primary', async () => {
    const reader = readerFor(primary.db, replica.db);
    expect(await whoami(reader)).toBe('replica');
    await reader.execute(sql`insert into whoami values ('written')`);
    expect(
      await reader.transaction(async (tx) => rows(await tx.execute(sql`select count(*)::int as n from whoami`))),
    ).toEqual([{ n: 2 }]);
    expect(rows(await primary.db.execute(sql`select count(*)::int as n from whoami`))).toEqual([{ n: 2 }]);
    expect(rows(await replica.db.execute(sql`select count(*)::int as n from whoami`))).toEqual([{ n: 1 }]);
  });

  it('counts a server that is not replaying WAL as caught up', async () => {
    expect(await waitForReplica(primary.db, replica.db, { timeoutMs: 100 })).toBe(true);
  });
});

describe.skipIf(process.env.TEST_DATABASE !== 'postgres')('a replica on PostgreSQL', () => {
  it('opens both pools with the primary’s driver and closes both', async () => {
    const url = testDatabaseUrl();
    const handle = await openDatabase(url, { replicaUrl: url, maxConnections: 2 });
    expect(handle.kind).toBe('postgres');
    expect(handle.description).toMatch(/\(replica postgres:\/\//);
    const replica = handle.replica;
    if (!replica) throw new Error('no replica opened');
    expect(rows(await replica.execute(sql`select 1 as ok`))).toEqual([{ ok: 1 }]);
    await handle.close();
    await expect(handle.db.execute(sql`select 1`)).rejects.toThrow();
    await expect(replica.execute(sql`select 1`)).rejects.toThrow();
  });
});
