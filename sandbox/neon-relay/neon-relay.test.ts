/**
 * The Neon driver through the WebSocket relay behaves like PostgreSQL itself: interactive
 * transactions, row locks across connections, server errors with their codes, large results.
 * Needs PostgreSQL: skipped unless TEST_DATABASE is set (npm run test:services).
 */
import { Pool } from '@neondatabase/serverless';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../../db/client';
import { serverDatabase } from '../../test/support/db';
import { createScratchDatabase } from '../../test/support/postgres';
import { type NeonRelay, startNeonRelay, useNeonRelay } from './neon-relay';

const rows = <T>(result: unknown) => (result as { rows: T[] }).rows;

describe.skipIf(!serverDatabase())('Neon driver through the WebSocket relay', () => {
  let relay: NeonRelay;
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let handle: DatabaseHandle;

  beforeAll(async () => {
    relay = await startNeonRelay();
    useNeonRelay(relay.port);
    scratch = await createScratchDatabase();
    handle = await openDatabase(scratch.url, { driver: 'neon', maxConnections: 4 });
    await handle.db.execute(sql`create table t (id int primary key, n int not null check (n >= 0))`);
    await handle.db.execute(sql`insert into t values (1, 0)`);
  });
  afterAll(async () => {
    await handle?.close();
    await scratch?.drop();
    await relay?.close();
  });

  it('commits and rolls back interactive transactions', async () => {
    await handle.db.transaction(async (tx) => {
      await tx.execute(sql`update t set n = n + 1 where id = 1`);
    });
    await handle.db
      .transaction(async (tx) => {
        await tx.execute(sql`update t set n = n + 100 where id = 1`);
        throw new Error('roll back');
      })
      .catch(() => {});
    expect(rows<{ n: number }>(await handle.db.execute(sql`select n from t where id = 1`))).toEqual([{ n: 1 }]);
  });

  it('holds a row lock against another connection until commit', async () => {
    const order: string[] = [];
    let locked = () => {};
    const isLocked = new Promise<void>((resolve) => {
      locked = resolve;
    });
    const first = handle.db.transaction(async (tx) => {
      await tx.execute(sql`select n from t where id = 1 for update`);
      locked();
      await new Promise((r) => setTimeout(r, 200));
      order.push('first commits');
    });
    await isLocked;
    const second = handle.db.transaction(async (tx) => {
      await tx.execute(sql`select n from t where id = 1 for update`);
      order.push('second locks');
    });
    await Promise.all([first, second]);
    expect(order).toEqual(['first commits', 'second locks']);
  });

  it('passes server errors through with their SQLSTATE and constraint', async () => {
    const error = await handle.db.execute(sql`update t set n = -1 where id = 1`).then(
      () => null,
      (e: { cause?: { code?: string; constraint?: string } }) => e.cause ?? e,
    );
    expect(error).toMatchObject({ code: '23514', constraint: 't_n_check' });
  });

  it('carries results larger than one frame', async () => {
    const [row] = rows<{ s: string }>(await handle.db.execute(sql`select repeat('x', 3000000) as s`));
    expect(row?.s.length).toBe(3_000_000);
  });

  it('refuses to relay anywhere but loopback', async () => {
    const pool = new Pool({ connectionString: 'postgres://postgres@192.0.2.1:5432/test', max: 1 });
    await expect(pool.query('select 1')).rejects.toThrow();
    await pool.end().catch(() => {});
  });
});
