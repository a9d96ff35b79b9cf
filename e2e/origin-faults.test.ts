/**
 * The edge under origin faults (issue 16, item 6): the real stack (`wrangler dev` edge, Bun
 * origin, PGlite), the origin publishes its catalog on start, then the origin is frozen with
 * SIGSTOP (it holds its connections but never answers: the worst case for a caller) and the
 * edge is restarted, so no isolate memory (L1) is left and only what was published to KV
 * remains. The shop must stay browsable and carts must keep taking items, every such answer
 * saying how stale it is (`X-Catalog-Stale`); a checkout must fail soon with 503 and
 * `Retry-After`, and once the origin is back (SIGCONT) the same cart and Idempotency-Key must
 * give exactly one order.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Order } from '../contract/orders';
import {
  getFreePort,
  LOAD_TEST_LIMITS,
  type ManagedProcess,
  type Stack,
  startStack,
  startWrangler,
} from '../scripts/lib/stack.mjs';
import { call, json, until } from '../test/support/http';

let stack: Stack;
/** The edge started after the freeze (fresh isolates over the same KV state). */
let coldEdge: { url: string; proc: ManagedProcess } | null = null;
let originPid = 0;
let frozen = false;

const edgeVars = { ...LOAD_TEST_LIMITS, AUTH_TOKEN_KEYS: `tmp-1:${randomUUID()}${randomUUID()}` };

beforeAll(async () => {
  stack = await startStack({ seedProducts: 8, edgeVars, log: Boolean(process.env.E2E_LOG) });
  originPid = await stack.origin.pid;
}, 180_000);
afterAll(async () => {
  if (frozen) process.kill(originPid, 'SIGCONT');
  await coldEdge?.proc.stop();
  await stack?.stop();
}, 60_000);

const edgeUrl = () => coldEdge?.url ?? stack.edgeUrl;
const edge = (path: string, init: RequestInit = {}) => call(edgeUrl(), path, init);
const admin = (path: string) =>
  call(stack.originUrl, path, { headers: { authorization: `Bearer ${stack.adminToken}` } });

/** A raw edge answer: status, headers and text (storefront pages are HTML). */
async function raw(path: string, init: RequestInit = {}) {
  const res = await fetch(`${edgeUrl()}${path}`, { redirect: 'manual', ...init, signal: AbortSignal.timeout(20_000) });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

const staleness = (headers: Headers) => headers.get('x-catalog-stale');

interface AdminProductRow {
  slug: string;
  title: string;
  status: string;
  variants: { id: string; status?: string }[];
}

let products: AdminProductRow[] = [];

const checkoutBody = (email: string) => ({
  email,
  paymentMethod: 'cod',
  shippingAddress: { name: 'Ada', line1: '1 Main St', city: 'Boston', postalCode: '02118', country: 'US' },
});

describe('before the fault', () => {
  it('the origin publishes its whole catalog to the edge on start', async () => {
    const listed = await admin('/admin/products?limit=100');
    expect(listed.status).toBe(200);
    products = (listed.body.items as AdminProductRow[]).filter((p) => p.status === 'active');
    expect(products.length).toBeGreaterThanOrEqual(4);
    // Served from KV (the published copy) once the publish is in: the answer says how stale it is.
    const last = products.at(-1) as AdminProductRow;
    await until(
      () => raw(`/api/products/${last.slug}`),
      (r) => r.status === 200 && staleness(r.headers) !== null,
      'the catalog published on start',
      60_000,
    );
  });
});

describe('the origin frozen (SIGSTOP), the edge restarted cold', () => {
  let cartId = '';
  const key = `faults-${randomUUID()}`;
  const email = `faults-${randomUUID().slice(0, 8)}@example.com`;

  beforeAll(async () => {
    process.kill(originPid, 'SIGSTOP');
    frozen = true;
    const port = Number(new URL(stack.edgeUrl).port);
    await stack.edge.stop();
    coldEdge = await startWrangler({
      port,
      persistTo: stack.persistTo,
      inspectorPort: await getFreePort(),
      vars: {
        ENVIRONMENT: 'development',
        INTERNAL_SECRET: stack.internalSecret,
        ORIGIN_URL: stack.originUrl,
        ...edgeVars,
      },
      log: Boolean(process.env.E2E_LOG),
    });
  }, 120_000);

  it('serves the storefront home page from the published copy', async () => {
    const home = await raw('/');
    expect(home.status).toBe(200);
    expect(staleness(home.headers)).toMatch(/^\d+$/);
    expect(products.some((p) => home.text.includes(`/products/${p.slug}`))).toBe(true);
  });

  it('serves list pages of sizes nobody asked for before, and their next page', async () => {
    const first = await raw('/api/products?limit=3');
    expect(first.status).toBe(200);
    expect(staleness(first.headers)).toMatch(/^\d+$/);
    const page = JSON.parse(first.text) as { items: { slug: string }[]; nextCursor: string | null };
    expect(page.items).toHaveLength(3);
    expect(page.nextCursor).not.toBeNull();
    const next = await raw(`/api/products?limit=3&cursor=${page.nextCursor}`);
    expect(next.status).toBe(200);
    const nextSlugs = (JSON.parse(next.text) as { items: { slug: string }[] }).items.map((p) => p.slug);
    expect(nextSlugs.length).toBeGreaterThan(0);
    expect(nextSlugs.some((s) => page.items.some((p) => p.slug === s))).toBe(false);
  });

  it('serves every product, by the API and as a storefront page', async () => {
    for (const p of products) {
      const api = await raw(`/api/products/${p.slug}`);
      expect(api.status, p.slug).toBe(200);
      expect(staleness(api.headers)).toMatch(/^\d+$/);
      const page = await raw(`/products/${p.slug}`);
      expect(page.status, p.slug).toBe(200);
      expect(page.text).toContain(p.slug);
      expect(staleness(page.headers)).toMatch(/^\d+$/);
    }
  });

  it('keeps carts taking items', async () => {
    const created = await edge('/api/carts', { method: 'POST' });
    expect(created.status).toBe(201);
    cartId = created.body.id;
    const product = (await edge(`/api/products/${products[0]?.slug}`)).body as {
      variants: { id: string; available: boolean }[];
    };
    const variant = product.variants.find((v) => v.available);
    expect(variant).toBeDefined();
    const added = await raw(`/api/carts/${cartId}/items`, json('POST', { variantId: variant?.id, quantity: 1 }));
    expect(added.status, added.text).toBe(200);
    expect(staleness(added.headers)).toMatch(/^\d+$/);
    expect(JSON.parse(added.text).lines).toHaveLength(1);
  });

  it('fails a checkout with 503 and Retry-After instead of hanging', async () => {
    // `raw` gives up after 20 s; the edge's checkout deadline is 5 s (it used to hold 15 s).
    const res = await raw(
      `/api/carts/${cartId}/checkout`,
      json('POST', checkoutBody(email), { 'idempotency-key': key }),
    );
    expect(res.status, res.text).toBe(503);
    expect(JSON.parse(res.text).error.code).toBe('checkout_unavailable');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('places exactly one order for the same cart and key once the origin is back (SIGCONT)', async () => {
    process.kill(originPid, 'SIGCONT');
    frozen = false;
    const placed = await until(
      () => edge(`/api/carts/${cartId}/checkout`, json('POST', checkoutBody(email), { 'idempotency-key': key })),
      (r) => r.status === 201 || (r.status !== 503 && r.status !== 502),
      'the checkout retried after the origin came back',
      60_000,
    );
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    const again = await edge(
      `/api/carts/${cartId}/checkout`,
      json('POST', checkoutBody(email), { 'idempotency-key': key }),
    );
    expect(again.status).toBe(201);
    expect(again.body.order.id).toBe(placed.body.order.id);
    const orders = (await admin(`/admin/orders?email=${encodeURIComponent(email)}`)).body.items as Order[];
    expect(orders.map((o) => o.id)).toEqual([placed.body.order.id]);
  });
});
