/**
 * Cluster mode under faults (issue 16): three origin instances behind HAProxy, the edge in
 * workerd, the machine's PostgreSQL and Redis — the stack `npm run start:cluster` runs — with
 * the origins reaching PostgreSQL through a TCP relay the test can cut.
 *
 * (a) kill -9 one instance under mixed load: no catalog read fails at the edge, every checkout
 *     the client retries with its Idempotency-Key ends with exactly one order, nothing is
 *     oversold, the outbox drains;
 * (b) a rolling restart (SIGTERM → drain → start) of every instance under load: no request fails;
 * (c) the database unreachable for 10 s: the edge keeps serving catalog and carts, checkouts
 *     fail retryably (503 with Retry-After), nothing is half-written, and everything recovers without a restart.
 *
 * `npm run test:cluster` (needs PostgreSQL at TEST_DATABASE_URL and Redis at REDIS_URL).
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getFreePort, LOAD_TEST_LIMITS, type Stack, startStack } from '../../scripts/lib/stack.mjs';
import { adminCall } from '../support/http';
import { createScratchDatabase, testDatabaseUrl } from '../support/postgres';
import { DatabaseRelay } from './database-relay';

const SHOPPER = {
  email: 'cluster@example.com',
  shippingAddress: {
    name: 'Cluster Shopper',
    line1: '1 Loop Rd',
    city: 'Springfield',
    postalCode: '12345',
    country: 'US',
  },
  paymentMethod: 'cod',
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Answer {
  status: number;
  body: string;
}

describe('cluster: 3 origins behind HAProxy, the edge in workerd', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let relay: DatabaseRelay;
  let stack: Stack;
  let db: pg.Client;
  let slugs: string[] = [];

  const edge = async (path: string, init: RequestInit = {}, headers: Record<string, string> = {}): Promise<Answer> => {
    try {
      const res = await fetch(`${stack.edgeUrl}${path}`, {
        ...init,
        headers: { 'content-type': 'application/json', ...headers },
        signal: AbortSignal.timeout(20_000),
      });
      return { status: res.status, body: await res.text() };
    } catch (err) {
      return { status: 0, body: String(err) };
    }
  };
  const admin = <T>(method: string, path: string, body?: unknown): Promise<T> =>
    adminCall<T>(stack.originUrl, stack.adminToken, method, path, body);
  const query = async <T>(text: string, params: unknown[] = []) => (await db.query(text, params)).rows as T[];

  /** A product with one variant of `stock` units, published to the edge. */
  const product = async (tag: string, stock: number) => {
    const created = await admin<{ variants: Array<{ id: string }> }>('POST', '/admin/products', {
      title: `Cluster ${tag}`,
      slug: `cluster-${tag}`,
      status: 'active',
      description: 'A product made by the cluster fault tests',
      images: [`https://img.example.com/cluster-${tag}.jpg`],
      variants: [
        { sku: `CL-${tag}`, title: 'One', options: { Size: '1' }, prices: [{ amount: 2500, currency: 'USD' }], stock },
      ],
    });
    const variantId = created.variants[0]?.id as string;
    // Published through the outbox, its stock in a second step (inventory.initial_stock_requested):
    // wait until the edge sells it.
    const onSale = async () => {
      const res = await edge(`/api/products/cluster-${tag}`);
      if (res.status !== 200) return false;
      const body = JSON.parse(res.body) as { variants: Array<{ id: string; available: boolean }> };
      return body.variants.some((v) => v.id === variantId && v.available);
    };
    await waitFor(`cluster-${tag} on sale at the edge`, onSale);
    return variantId;
  };

  interface Tally {
    catalogFailures: Answer[];
    cartFailures: Answer[];
    /** Checkout answers other than 201 and 409 (first attempts and retries). */
    checkoutFailures: Answer[];
    /** Per Idempotency-Key: the order ids of its 201s, and whether it ended sold out. */
    keys: Map<string, { orders: Set<string>; soldOut: boolean; attempts: number }>;
    catalogReads: number;
  }
  const newTally = (): Tally => ({
    catalogFailures: [],
    cartFailures: [],
    checkoutFailures: [],
    keys: new Map(),
    catalogReads: 0,
  });

  /** One shopper buying one unit of `variantId`, retrying the checkout with its key until a final answer. */
  const buy = async (variantId: string, t: Tally, retryUntil: () => boolean) => {
    const cart = await edge('/api/carts', { method: 'POST' });
    if (cart.status !== 201) return void t.cartFailures.push(cart);
    const id = (JSON.parse(cart.body) as { id: string }).id;
    const add = await edge(`/api/carts/${id}/items`, {
      method: 'POST',
      body: JSON.stringify({ variantId, quantity: 1 }),
    });
    // Sold out is an answer, not a failure.
    if (add.status === 409 && add.body.includes('out_of_stock')) return;
    if (add.status !== 200) return void t.cartFailures.push(add);
    const key = randomUUID();
    const entry = { orders: new Set<string>(), soldOut: false, attempts: 0 };
    t.keys.set(key, entry);
    for (;;) {
      entry.attempts++;
      const out = await edge(
        `/api/carts/${id}/checkout`,
        { method: 'POST', body: JSON.stringify(SHOPPER) },
        { 'idempotency-key': key },
      );
      if (out.status === 201) {
        entry.orders.add((JSON.parse(out.body) as { order: { id: string } }).order.id);
        return;
      }
      if (out.status === 409 && out.body.includes('out_of_stock')) {
        entry.soldOut = true;
        return;
      }
      t.checkoutFailures.push(out);
      if (!retryUntil()) return;
      await sleep(250);
    }
  };

  /** Mixed load for as long as `running()`: shoppers buying, readers reading the catalog at the edge. */
  const load = async (variantId: string, t: Tally, running: () => boolean, shoppers = 6, readers = 4) => {
    const retryFor = () => true;
    await Promise.all([
      ...Array.from({ length: shoppers }, async () => {
        while (running()) await buy(variantId, t, retryFor);
      }),
      ...Array.from({ length: readers }, async (_v, r) => {
        while (running()) {
          const path = r % 2 ? '/api/products?limit=5' : `/api/products/${slugs[t.catalogReads % slugs.length]}`;
          const res = await edge(path);
          t.catalogReads++;
          if (res.status !== 200) t.catalogFailures.push(res);
        }
      }),
    ]);
  };

  /** Stock and orders of a variant: reserved equals the orders, never above on hand. */
  const stockOf = async (variantId: string) => {
    const [row] = await query<{ on_hand: number; reserved: number; orders: number }>(
      `select on_hand, reserved, (select count(distinct order_id)::int from order_lines where variant_id = $1) as orders
         from inventory_levels where variant_id = $1`,
      [variantId],
    );
    return row as { on_hand: number; reserved: number; orders: number };
  };

  const allUp = async () => (await stack.cluster?.states())?.every((s) => s.up) ?? false;
  const waitFor = async (what: string, check: () => Promise<boolean>, tries = 300) => {
    for (let i = 0; i < tries; i++) {
      if (await check()) return;
      await sleep(100);
    }
    const ready = await Promise.all(
      (stack.cluster?.ports ?? []).map((port) =>
        fetch(`http://127.0.0.1:${port}/health/ready`).then(
          async (r) => `${port}: ${r.status} ${await r.text()}`,
          (e) => `${port}: ${String(e)}`,
        ),
      ),
    );
    const dead = (stack.cluster?.instances ?? [])
      .filter((p) => !p.running)
      .map((p) => `${p.name} exited ${JSON.stringify(p.exitStatus)}:\n${p.output(40)}`);
    throw new Error(
      `gave up waiting for ${what}: ${JSON.stringify(await stack.cluster?.states())} ${ready.join('; ')}\n${dead.join('\n')}`,
    );
  };
  const pendingOutbox = async () =>
    (await query<{ n: number }>(`select count(*)::int as n from outbox_events where status = 'pending'`))[0]?.n ?? -1;

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    const server = new URL(testDatabaseUrl());
    relay = new DatabaseRelay(await getFreePort(), { host: server.hostname, port: Number(server.port || 5432) });
    await relay.start();
    const viaRelay = new URL(scratch.url);
    viaRelay.host = `127.0.0.1:${relay.port}`;
    stack = await startStack({
      origins: 3,
      edgeRunner: 'workerd',
      databaseUrl: viaRelay.toString(),
      seedProducts: 20,
      edgeVars: LOAD_TEST_LIMITS,
      originEnv: { OUTBOX_POLL_MS: '200' },
    });
    db = new pg.Client({ connectionString: scratch.url });
    await db.connect();
    const zone = await admin<{ id: string }>('POST', '/admin/shipping-zones', { name: 'US', countries: ['US'] });
    await admin('POST', '/admin/shipping-methods', { zoneId: zone.id, name: 'Std', amount: 500, currency: 'USD' });
    slugs = (await query<{ slug: string }>('select slug from products order by slug limit 5')).map((r) => r.slug);
    // Warm the edge's catalog, as a shop in service has it.
    for (const slug of slugs) await edge(`/api/products/${slug}`);
    await edge('/api/products?limit=5');
  });

  afterAll(async () => {
    await db?.end().catch(() => {});
    await stack?.stop();
    await relay?.close();
    await scratch?.drop();
  });

  it('sizes each instance’s pool so that three stay under max_connections, and they do under load', async () => {
    const [limits] = await query<{ max: number; reserved: number }>(
      `select current_setting('max_connections')::int as max, current_setting('superuser_reserved_connections')::int as reserved`,
    );
    const poolSize = stack.cluster?.poolSize ?? 0;
    expect(poolSize).toBeGreaterThanOrEqual(1);
    expect(3 * poolSize).toBeLessThanOrEqual((limits?.max ?? 0) - (limits?.reserved ?? 0));
    const variantId = await product('pool', 100_000);
    const t = newTally();
    let running = true;
    const loading = load(variantId, t, () => running, 12, 2);
    let peak = 0;
    for (let i = 0; i < 30; i++) {
      const [row] = await query<{ n: number }>(
        `select count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`,
      );
      peak = Math.max(peak, row?.n ?? 0);
      await sleep(100);
    }
    running = false;
    await loading;
    expect(t.keys.size).toBeGreaterThan(0);
    expect(peak).toBeGreaterThan(0);
    expect(peak).toBeLessThanOrEqual(3 * poolSize);
  });

  it('(a) kill -9 of one instance under mixed load: no failed catalog read, one order per key, no oversell, outbox drained', async () => {
    const STOCK = 40;
    const variantId = await product('kill', STOCK);
    const t = newTally();
    let running = true;
    const loading = load(variantId, t, () => running);
    await sleep(2500);
    const cluster = stack.cluster;
    if (!cluster) throw new Error('not a cluster');
    const pid = await cluster.pidOf(0);
    process.kill(pid, 'SIGKILL');
    await waitFor(
      'the proxy to eject origin1',
      async () => !(await cluster.states()).find((s) => s.server === 'origin1')?.up,
    );
    await sleep(3000);
    running = false;
    await loading;

    expect(t.catalogFailures).toEqual([]);
    expect(t.cartFailures).toEqual([]);
    const keys = [...t.keys.values()];
    expect(keys.length).toBeGreaterThan(10);
    // Every key ended: one order (the same on every 201 of its retries), or sold out.
    for (const k of keys) expect(k.orders.size + (k.soldOut ? 1 : 0)).toBe(1);
    const ordered = keys.filter((k) => k.orders.size === 1).length;
    const stock = await stockOf(variantId);
    expect(stock.on_hand).toBe(STOCK);
    expect(stock.reserved).toBeLessThanOrEqual(STOCK);
    expect(stock.orders).toBe(ordered);
    expect(stock.reserved).toBe(ordered);
    await waitFor('the outbox to drain', async () => (await pendingOutbox()) === 0);

    await cluster.restart(0);
    await waitFor('all three instances in rotation', allUp);
  });

  it('(b) rolling restart of every instance under load: no failed request', async () => {
    const variantId = await product('roll', 100_000);
    const t = newTally();
    let running = true;
    const loading = load(variantId, t, () => running);
    const cluster = stack.cluster;
    if (!cluster) throw new Error('not a cluster');
    await sleep(1000);
    for (let i = 0; i < 3; i++) {
      const before = await cluster.pidOf(i);
      await cluster.restart(i);
      expect(await cluster.pidOf(i)).not.toBe(before);
      await waitFor(`${cluster.names[i]} back in rotation`, allUp);
    }
    await sleep(1000);
    running = false;
    await loading;
    expect(t.catalogFailures).toEqual([]);
    expect(t.cartFailures).toEqual([]);
    expect(t.checkoutFailures).toEqual([]);
    const keys = [...t.keys.values()];
    expect(keys.length).toBeGreaterThan(10);
    for (const k of keys) expect(k.orders.size).toBe(1);
    expect((await stockOf(variantId)).orders).toBe(keys.length);
  });

  it('(c) the database unreachable for 10 s: catalog and carts served, checkouts fail retryably, nothing half-written, recovery without restart', async () => {
    const STOCK = 1000;
    const variantId = await product('cut', STOCK);
    const cluster = stack.cluster;
    if (!cluster) throw new Error('not a cluster');
    const pids = await Promise.all(cluster.names.map((_n, i) => cluster.pidOf(i)));
    const ordersBefore = (await query<{ n: number }>('select count(*)::int as n from orders'))[0]?.n ?? 0;

    relay.cut();
    const cutAt = Date.now();
    const during = newTally();
    const pendingKeys: Array<{ cartId: string; key: string }> = [];
    while (Date.now() - cutAt < 10_000) {
      for (const slug of slugs.slice(0, 2)) {
        const res = await edge(`/api/products/${slug}`);
        during.catalogReads++;
        if (res.status !== 200) during.catalogFailures.push(res);
      }
      const cart = await edge('/api/carts', { method: 'POST' });
      if (cart.status !== 201) {
        during.cartFailures.push(cart);
        continue;
      }
      const cartId = (JSON.parse(cart.body) as { id: string }).id;
      const add = await edge(`/api/carts/${cartId}/items`, {
        method: 'POST',
        body: JSON.stringify({ variantId, quantity: 1 }),
      });
      if (add.status !== 200) {
        during.cartFailures.push(add);
        continue;
      }
      const key = randomUUID();
      const out = await edge(
        `/api/carts/${cartId}/checkout`,
        { method: 'POST', body: JSON.stringify(SHOPPER) },
        { 'idempotency-key': key },
      );
      pendingKeys.push({ cartId, key });
      during.checkoutFailures.push(out);
      await sleep(200);
    }
    relay.restore();

    expect(during.catalogReads).toBeGreaterThan(0);
    expect(during.catalogFailures).toEqual([]);
    expect(during.cartFailures).toEqual([]);
    expect(pendingKeys.length).toBeGreaterThan(0);
    // Retryable: 503 checkout_unavailable ("retry with the same Idempotency-Key"), never a 500 or a 4xx.
    for (const out of during.checkoutFailures) {
      expect(out.status).toBe(503);
      expect(out.body).toContain('checkout_unavailable');
    }

    // Recovery without a restart: the same processes, back in rotation once the database answers.
    await waitFor('all instances ready again', allUp);
    expect(await Promise.all(cluster.names.map((_n, i) => cluster.pidOf(i)))).toEqual(pids);

    // Nothing half-written: no order appeared from the refused checkouts.
    expect((await query<{ n: number }>('select count(*)::int as n from orders'))[0]?.n).toBe(ordersBefore);
    expect((await stockOf(variantId)).reserved).toBe(0);

    // The shoppers retry with their keys: one order each.
    const orderIds = new Set<string>();
    for (const { cartId, key } of pendingKeys) {
      let out: Answer = { status: 0, body: '' };
      for (let attempt = 0; attempt < 20; attempt++) {
        out = await edge(
          `/api/carts/${cartId}/checkout`,
          { method: 'POST', body: JSON.stringify(SHOPPER) },
          { 'idempotency-key': key },
        );
        if (out.status === 201) break;
        await sleep(250);
      }
      expect(out.status).toBe(201);
      orderIds.add((JSON.parse(out.body) as { order: { id: string } }).order.id);
    }
    expect(orderIds.size).toBe(pendingKeys.length);
    const stock = await stockOf(variantId);
    expect(stock.orders).toBe(pendingKeys.length);
    expect(stock.reserved).toBe(pendingKeys.length);
    await waitFor('the outbox to drain', async () => (await pendingOutbox()) === 0);
  });
});
