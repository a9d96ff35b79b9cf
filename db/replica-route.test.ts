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

/** The replica, but its probe fails while `down` is set (its reads would still work: the route must not use them). */
function flaky(db: Database) {
  const state = { down: false };
  const proxy = new Proxy(db, {
    get(target, prop) {
      if (prop === 'execute' && state.down) return () => Promise.reject(new Error('connection refused'));
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

      replicaDb.state.down = false;
      expect(await route.probe()).toBe(true);
      expect(await slugs(route.reader)).toEqual(['on-replica']);
      expect(lines).toEqual([
        'read replica unreachable; shopper reads go to the primary',
        'read replica answers again; shopper reads go back to it',
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

  it('keeps writes on the primary whichever way reads go', async () => {
    const route = routeReads(primary.db, replica.db, { probeMs: 3_600_000 });
    try {
      await route.probe();
      await route.reader.insert(categories).values({ id: 'cat_w', slug: 'written', name: 'Written' });
      expect(await slugs(primary.db)).toContain('written');
      expect(await slugs(replica.db)).not.toContain('written');
    } finally {
      route.stop();
    }
  });
});
