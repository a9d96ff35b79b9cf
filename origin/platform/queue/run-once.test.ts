import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../contract/ids';
import type { DatabaseHandle } from '../../../db/client';
import { createTestDatabase } from '../../../test/support/db';
import { rowsOf } from '../outbox/claim';
import { runOnce, type Transaction } from './run-once';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
  await handle.db.execute(sql`create table run_once_effects (id text primary key, n integer not null)`);
});
afterAll(() => handle.close());

const bump = (tx: Transaction, id: string) =>
  tx.execute(
    sql`insert into run_once_effects (id, n) values (${id}, 1) on conflict (id) do update set n = run_once_effects.n + 1`,
  );
const effect = async (id: string) =>
  rowsOf<{ n: number }>(await handle.db.execute(sql`select n from run_once_effects where id = ${id}`))[0]?.n ?? 0;
const processed = async (consumer: string, eventId: string) =>
  rowsOf<{ c: number }>(
    await handle.db.execute(
      sql`select count(*)::int as c from processed_events where consumer = ${consumer} and event_id = ${eventId}`,
    ),
  )[0]?.c;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('runOnce', () => {
  it('applies an event once, however often it is delivered', async () => {
    const [eventId, target] = [newId('evt'), newId('evt')];
    const first = await runOnce(handle.db, 'test.counter', eventId, (tx) => bump(tx, target).then(() => 'done'));
    const second = await runOnce(handle.db, 'test.counter', eventId, (tx) => bump(tx, target));
    expect(first).toEqual({ applied: true, value: 'done' });
    expect(second).toEqual({ applied: false });
    expect(await effect(target)).toBe(1);
    expect(await processed('test.counter', eventId)).toBe(1);
  });

  it('records nothing when the effect fails, so a retry applies it', async () => {
    const [eventId, target] = [newId('evt'), newId('evt')];
    const failing = runOnce(handle.db, 'test.counter', eventId, async (tx) => {
      await bump(tx, target);
      throw new Error('downstream unavailable');
    });
    await expect(failing).rejects.toThrow('downstream unavailable');
    expect(await effect(target)).toBe(0);
    expect(await processed('test.counter', eventId)).toBe(0);
    expect((await runOnce(handle.db, 'test.counter', eventId, (tx) => bump(tx, target))).applied).toBe(true);
    expect(await effect(target)).toBe(1);
  });

  it('keeps consumers apart: each consumer name applies the event once', async () => {
    const [eventId, target] = [newId('evt'), newId('evt')];
    for (const consumer of ['test.a', 'test.b', 'test.a', 'test.b']) {
      await runOnce(handle.db, consumer, eventId, (tx) => bump(tx, target));
    }
    expect(await effect(target)).toBe(2);
  });

  it('applies once when the same event is delivered many times at once', async () => {
    const [eventId, target] = [newId('evt'), newId('evt')];
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        runOnce(handle.db, 'test.race', eventId, async (tx) => {
          await tx.execute(sql`select pg_sleep(0.05)`);
          await bump(tx, target);
        }),
      ),
    );
    expect(results.filter((r) => r.applied)).toHaveLength(1);
    expect(await effect(target)).toBe(1);
    expect(await processed('test.race', eventId)).toBe(1);
  });

  it('lets a waiting duplicate apply when the first delivery rolls back', async () => {
    const [eventId, target] = [newId('evt'), newId('evt')];
    const first = runOnce(handle.db, 'test.race', eventId, async (tx) => {
      await tx.execute(sql`select pg_sleep(0.15)`);
      await bump(tx, target);
      throw new Error('crashed half way');
    }).catch((e: Error) => e);
    await sleep(30);
    const second = runOnce(handle.db, 'test.race', eventId, (tx) => bump(tx, target));
    expect(await first).toBeInstanceOf(Error);
    expect((await second).applied).toBe(true);
    expect(await effect(target)).toBe(1);
  });
});
