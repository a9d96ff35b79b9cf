/**
 * The shop split into subsystems (ORIGIN_SERVICES), each unit a real origin, in this process:
 * they share one database and one cache (PostgreSQL and Redis in production), and reach each
 * other through a router that stands in for the load balancer, sending each path to the unit
 * that serves it by the same table the cluster's HAProxy uses (origin/service-routes.json).
 */
import type { DatabaseHandle } from '../../db/client';
import { MemoryCache } from '../../origin/platform/cache/memory-cache';
import { serviceOfPath } from '../../origin/service-routes';
import { createTestDatabase } from './db';
import { startTestOrigin, type TestOrigin } from './origin';

export interface SplitShop {
  /** Each unit's origin, by the name the test gave it. */
  units: Record<string, TestOrigin>;
  /**
   * The whole shop behind its load balancer, shaped like one test origin, so the usual fixtures
   * work on it: every request goes to the unit serving its path, `drain` runs every relay.
   */
  front: TestOrigin;
  /** The unit serving `path` (what the load balancer would pick). */
  unitOf(path: string): TestOrigin;
  /** Runs every unit's relay until none has anything left. */
  drainAll(): Promise<void>;
  close(): Promise<void>;
}

export async function startSplitShop(
  layout: Record<string, string>,
  env: Record<string, string> = {},
  options: { outboundFetch?: typeof fetch } = {},
): Promise<SplitShop> {
  const database = await createTestDatabase();
  // Every unit closes its database at the end; the shared one closes once, last.
  const shared: DatabaseHandle = { ...database, close: async () => {} };
  const cache = new MemoryCache();
  const units: Record<string, TestOrigin> = {};
  const unitOf = (path: string): TestOrigin => {
    const service = serviceOfPath(path);
    const name = Object.keys(layout).find((n) => service === null || layout[n]?.split(',').includes(service));
    const unit = name ? units[name] : undefined;
    if (!unit) throw new TypeError(`fetch failed: no unit serves ${path}`);
    return unit;
  };
  const router = (async (input: string | URL | Request, init?: RequestInit) => {
    const req = input instanceof Request ? new Request(input, init) : new Request(String(input), init);
    const url = new URL(req.url);
    return unitOf(url.pathname).origin.app.request(url.pathname + url.search, {
      method: req.method,
      headers: req.headers,
      body: req.method === 'GET' ? undefined : await req.text(),
    });
  }) as typeof fetch;
  const request = (path: string, init?: RequestInit) =>
    unitOf(new URL(path, 'http://shop.test').pathname).origin.app.request(path, init);
  for (const [name, services] of Object.entries(layout)) {
    units[name] = await startTestOrigin(
      { ORIGIN_SERVICES: services, SERVICES_URL: 'http://services.test', ...env },
      { database: shared, cache, serviceFetch: router, outboundFetch: options.outboundFetch },
    );
  }
  const drainAll = async () => {
    for (let round = 0; round < 50; round++) {
      let delivered = 0;
      for (const unit of Object.values(units)) delivered += await unit.drain();
      if (delivered === 0) return;
    }
    throw new Error('the split shop did not settle in 50 rounds');
  };
  const first = Object.values(units)[0] as TestOrigin;
  const front: TestOrigin = {
    ...first,
    // Publishes reach the edge from whichever unit serves the catalog.
    publishes: (units[Object.keys(layout).find((n) => layout[n]?.split(',').includes('catalog')) ?? ''] ?? first)
      .publishes,
    origin: { ...first.origin, app: { ...first.origin.app, request } as TestOrigin['origin']['app'] },
    admin: (method, path, body) => unitOf(path).admin(method, path, body),
    internal: (path) => unitOf(path).internal(path),
    drain: async () => {
      await drainAll();
      return 0;
    },
  };
  return {
    units,
    front,
    unitOf,
    drainAll,
    async close() {
      for (const unit of Object.values(units)) await unit.close();
      await database.close();
    },
  };
}
