/**
 * The edge's link to the origin when the origin closes idle keep-alive connections: through
 * the real edge (`wrangler dev`, workerd's pooled fetch) and the real origin (Bun), with a proxy
 * between them that closes every connection left idle for 20 ms, under the request that reuses
 * it (e2e/support/closing-proxy.ts). Reads and checkouts must never answer 502: an idempotent
 * call that finds its connection gone is sent once more, signed anew (the origin's replay guard
 * takes it for a new request), and a checkout's Idempotency-Key still gives one order.
 * And the origin itself keeps an idle connection far longer than workerd reuses one (5 s).
 */
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Order } from '../contract/orders';
import { getFreePort, LOAD_TEST_LIMITS, type Stack, startStack } from '../scripts/lib/stack.mjs';
import { adminApi, answer, expectStatus, shopperApi } from '../test/support/http';
import { type ClosingProxy, startClosingProxy } from './support/closing-proxy';

let stack: Stack;
let proxy: ClosingProxy;
/** The shopper API at the edge and the admin API at the origin, typed by their definitions. */
let shop: ReturnType<typeof shopperApi>;
let admin: ReturnType<typeof adminApi>;

beforeAll(async () => {
  const originPort = await getFreePort();
  proxy = await startClosingProxy({ port: await getFreePort(), targetPort: originPort, raceMs: 20, idleMs: 1_000 });
  stack = await startStack({
    originPort,
    edgeVars: { ...LOAD_TEST_LIMITS, ORIGIN_URL: proxy.url },
    seedProducts: 8,
    log: Boolean(process.env.E2E_LOG),
  });
  shop = shopperApi(stack.edgeUrl);
  admin = adminApi(stack.originUrl, stack.adminToken);
}, 180_000);
afterAll(async () => {
  await stack?.stop();
  await proxy?.close();
}, 60_000);

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const randomWord = () => Math.random().toString(36).slice(2, 10);

/** A read the edge cannot answer from its caches: a product nobody has (the origin says 404). */
const uncachedRead = () => answer(shop.api.products[':slug'].$get({ param: { slug: `no-such-${randomWord()}` } }));

/** One keep-alive connection to the origin: `get()` sends `GET /health` on it and resolves with the status line. */
function keepAliveConnection(url: string) {
  const { hostname, port } = new URL(url);
  const socket: Socket = connect(Number(port), hostname);
  let closedAt: number | null = null;
  socket.on('close', () => {
    closedAt = Date.now();
  });
  socket.on('error', () => {});
  const get = () =>
    new Promise<string>((resolve, reject) => {
      socket.once('data', (chunk) => resolve(String(chunk).split('\r\n')[0] ?? ''));
      socket.once('close', () => reject(new Error('the origin closed the idle connection')));
      socket.write(`GET /health HTTP/1.1\r\nHost: ${hostname}:${port}\r\n\r\n`);
    });
  return { get, closedAt: () => closedAt, close: () => socket.destroy() };
}

// Bun's default (10 s) closes between 10 and 14 s of idleness (its timer ticks every 4 s).
const ORIGIN_IDLE_CHECK_MS = 16_000;
let idleProbe: ReturnType<typeof keepAliveConnection>;
let idleSince = 0;

describe('the origin keeping idle connections', () => {
  it('answers on a new keep-alive connection, which then turns idle', async () => {
    idleProbe = keepAliveConnection(stack.originUrl);
    expect(await idleProbe.get()).toBe('HTTP/1.1 200 OK');
    idleSince = Date.now();
  });
});

describe('the edge reading from an origin that closes idle connections', () => {
  it('answers every read, none with 502, while the connections it reuses are closed under it', async () => {
    const dropsBefore = proxy.counts.dropped;
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      await pause(40 + Math.floor(Math.random() * 80));
      const res =
        i % 2 ? await uncachedRead() : await answer(shop.api.products.$get({ query: { limit: '5', q: randomWord() } }));
      statuses.push(res.status);
    }
    expect(statuses.filter((s) => s !== 200 && s !== 404)).toEqual([]);
    expect(proxy.counts.dropped - dropsBefore).toBeGreaterThan(0);
  });

  it('places each checkout once, none answered 502, when its connection is closed under it', async () => {
    const list = await expectStatus(shop.api.products.$get({ query: { limit: '20' } }), 200);
    const variants: string[] = [];
    for (const item of list.items) {
      const product = await expectStatus(shop.api.products[':slug'].$get({ param: { slug: item.slug } }), 200);
      const found = product.variants.find((v) => v.available && v.price.amount <= 20_000);
      if (found) variants.push(found.id);
    }
    expect(variants.length).toBeGreaterThanOrEqual(3);

    const dropsBefore = proxy.counts.dropped;
    for (const variantId of variants.slice(0, 3)) {
      const email = `link-${randomWord()}@example.com`;
      const cartId = (await expectStatus(shop.api.carts.$post(), 201)).id;
      const added = await shop.api.carts[':id'].items.$post({
        param: { id: cartId },
        json: { variantId, quantity: 1 },
      });
      expect(added.status).toBe(200);
      // The read leaves a pooled connection to the origin that turns idle before the checkout reuses it.
      expect((await uncachedRead()).status).toBe(404);
      await pause(60);
      const key = `link-${randomWord()}`;
      const body = {
        email,
        paymentMethod: 'cod' as const,
        shippingAddress: { name: 'Ada', line1: '1 Main St', city: 'Boston', postalCode: '02118', country: 'US' },
      };
      const checkout = () =>
        shop.api.carts[':id'].checkout.$post(
          { param: { id: cartId }, json: body },
          { headers: { 'idempotency-key': key } },
        );
      const placed = await expectStatus(checkout(), 201);
      await pause(60);
      const again = await expectStatus(checkout(), 201);
      expect(again.order.id).toBe(placed.order.id);
      // The admin API documents this answer as any JSON (orders.admin.routes.ts): typed here.
      const orders = (await expectStatus(admin.admin.orders.$get({ query: { email } }), 200)) as { items: Order[] };
      expect(orders.items.map((o) => o.id)).toEqual([placed.order.id]);
    }
    expect(proxy.counts.dropped - dropsBefore).toBeGreaterThan(0);
  });
});

describe('the origin keeping idle connections (after the tests above)', () => {
  it(`still answers on the connection left idle ${ORIGIN_IDLE_CHECK_MS / 1000} s, past workerd's 5 s reuse window`, async () => {
    await pause(Math.max(0, idleSince + ORIGIN_IDLE_CHECK_MS - Date.now()));
    expect(idleProbe.closedAt()).toBeNull();
    expect(await idleProbe.get()).toBe('HTTP/1.1 200 OK');
    idleProbe.close();
  }, 30_000);
});
