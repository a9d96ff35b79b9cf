import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../test/support/db';
import type { Database, DatabaseHandle } from './client';
import { routeReads } from './replica-route';
import { categories } from './schema';

let primary: DatabaseHandle;
let replica: DatabaseHandle;
beforeAll(async () => {
  [primary, replica] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  // Two separate databases, so a read tells which one answered.
  await primary.db.insert(categories).values({ id: 'cat_p', slug: 'on-primary', name: 'Primary' });
  await replica.db.insert(categories).values({ id: 'cat_r', slug: 'on-replica', name: 'Replica' });
});
afterAll(() => Promise.all([primary.close(), replica.close()]));

/** The replica as the probe sees it, `down` or `lagging` on demand (its reads keep working: the route must not use them then). */
function flaky(db: Database) {
  const state = { down: false, lagging: false };
  const proxy = new Proxy(db, {
    get(target, prop) {
      // The probe's statements (`select 1`, then the replay position check) answer as a
      // standby would: refused while down, "not caught up" while lagging, else caught up.
      if (prop === 'execute') {
        if (state.down) return () => Promise.reject(new Error('connection refused'));
        return () => Promise.resolve({ rows: [{ done: !state.lagging }] });
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { db: proxy as Database, state };
}

const slugs = async (db: Database) => (await db.select({ slug: categories.slug }).from(categories)).map((r) => r.slug);

describe('routeReads', () => {
  it('reads from the replica while it answers, from the primary while it does not, and back', async () => {
    const replicaDb = flaky(replica.db);
    const lines: string[] = [];
    const log = { info: (m: string) => lines.push(m), warn: (m: string) => lines.push(m) };
    const route = routeReads(primary.db, replicaDb.db, { probeMs: 3_600_000, log });
    try {
      expect(await route.probe()).toBe(true);
      expect(route.onReplica()).toBe(true);
      expect(await slugs(route.reader)).toEqual(['on-replica']);

      replicaDb.state.down = true;
      expect(await route.probe()).toBe(false);
      expect(route.onReplica()).toBe(false);
      expect(await slugs(route.reader)).toEqual(['on-primary']);

      // Back up but still replaying: reads stay on the primary until it has caught up.
      replicaDb.state.down = false;
      replicaDb.state.lagging = true;
      expect(await route.probe()).toBe(false);
      expect(await slugs(route.reader)).toEqual(['on-primary']);

      replicaDb.state.lagging = false;
      expect(await route.probe()).toBe(true);
      expect(await slugs(route.reader)).toEqual(['on-replica']);
      expect(lines).toEqual([
        'read replica unreachable; shopper reads go to the primary',
        'read replica answers and has caught up; shopper reads go back to it',
      ]);
    } finally {
      route.stop();
    }
  });

  it('counts a replica that does not answer in time as down', async () => {
    const hanging = new Proxy(replica.db, {
      get(target, prop) {
        if (prop === 'execute') return () => new Promise(() => {});
        const value = Reflect.get(target, prop, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const route = routeReads(primary.db, hanging as Database, { probeMs: 3_600_000, timeoutMs: 50 });
    try {
      expect(await route.probe()).toBe(false);
      expect(await slugs(route.reader)).toEqual(['on-primary']);
    } finally {
      route.stop();
    }
  });

  it('keeps writes and transactions on the primary whichever way reads go', async () => {
    const replicaDb = flaky(replica.db);
    const route = routeReads(primary.db, replicaDb.db, { probeMs: 3_600_000 });
    try {
      for (const down of [false, true]) {
        replicaDb.state.down = down;
        await route.probe();
        expect(route.onReplica()).toBe(!down);
        const id = `cat_w_${down}`;
        await route.reader.insert(categories).values({ id, slug: `written-${down}`, name: 'Written' });
        await route.reader.transaction(async (tx) => {
          await tx.insert(categories).values({ id: `${id}_tx`, slug: `written-tx-${down}`, name: 'Written' });
        });
        expect(await slugs(primary.db)).toEqual(expect.arrayContaining([`written-${down}`, `written-tx-${down}`]));
        expect(await slugs(replica.db)).not.toContain(`written-${down}`);
      }
    } finally {
      route.stop();
    }
  });
});
