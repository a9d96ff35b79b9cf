/**
 * End to end, through real processes: `wrangler dev` (the edge) and `bun origin/server.ts`
 * (the origin) on free ports, a temporary PGlite database seeded with a few dozen products.
 * A shopper browses and fills a cart at the edge; the merchant changes a price at the origin;
 * the outbox relay must publish it to the edge within a second.
 *
 * E2E_LOG=1 prints both processes' output.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Money, ProductPage, ProductSummary } from '../contract/catalog';
import { LOAD_TEST_LIMITS, type Stack, startStack } from '../scripts/lib/stack.mjs';

interface PublicVariant {
  id: string;
  sku: string;
  title: string;
  options: Record<string, string>;
  price: Money;
  available: boolean;
}
interface PublicProduct extends ProductSummary {
  description: string;
  variants: PublicVariant[];
}
interface CartLine {
  variantId: string;
  productId: string;
  title: string;
  quantity: number;
  unitPrice: Money;
  lineTotal: Money;
}
interface Cart {
  id: string;
  status: 'open' | 'checking_out' | 'converted';
  lines: CartLine[];
  totals: { subtotal: Money; itemCount: number };
}
interface ErrorBody {
  error: { code: string; message: string };
}
interface Reply<T> {
  status: number;
  headers: Headers;
  body: T;
}

const PRICE_PROPAGATION_LIMIT_MS = 1000;

let stack: Stack;

async function call<T>(base: string, path: string, init: RequestInit = {}): Promise<Reply<T>> {
  const res = await fetch(`${base}${path}`, { ...init, signal: AbortSignal.timeout(10_000) });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: the assertions below say so
  }
  return { status: res.status, headers: res.headers, body: body as T };
}

function edge<T>(path: string, init: RequestInit = {}): Promise<Reply<T>> {
  return call<T>(stack.edgeUrl, path, init);
}

function edgeJson<T>(method: string, path: string, body: unknown): Promise<Reply<T>> {
  return edge<T>(path, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

function admin<T>(method: string, path: string, body?: unknown): Promise<Reply<T>> {
  const headers: Record<string, string> = { authorization: `Bearer ${stack.adminToken}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  return call<T>(stack.originUrl, path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function expectMoney(m: Money) {
  expect(Number.isInteger(m.amount), `amount ${m.amount} is an integer`).toBe(true);
  expect(m.amount).toBeGreaterThanOrEqual(0);
  expect(m.currency).toMatch(/^[A-Z]{3}$/);
}

function expectConsistentTotals(cart: Cart) {
  let subtotal = 0;
  let items = 0;
  for (const line of cart.lines) {
    expectMoney(line.unitPrice);
    expectMoney(line.lineTotal);
    expect(line.lineTotal.amount).toBe(line.quantity * line.unitPrice.amount);
    subtotal += line.lineTotal.amount;
    items += line.quantity;
  }
  expectMoney(cart.totals.subtotal);
  expect(cart.totals.subtotal.amount).toBe(subtotal);
  expect(cart.totals.itemCount).toBe(items);
}

function expectJsonError(reply: Reply<unknown>, status: number, code?: string) {
  expect(reply.status).toBe(status);
  expect(reply.headers.get('content-type') ?? '').toContain('application/json');
  const body = reply.body as ErrorBody;
  expect(typeof body.error?.code).toBe('string');
  expect(body.error.code).toMatch(/^[a-z][a-z0-9_]*$/);
  expect(typeof body.error.message).toBe('string');
  if (code) expect(body.error.code).toBe(code);
}

beforeAll(async () => {
  stack = await startStack({ edgeVars: LOAD_TEST_LIMITS, seedProducts: 36, log: Boolean(process.env.E2E_LOG) });
}, 180_000);

afterAll(async () => {
  await stack?.stop();
}, 60_000);

describe('shopper flow through the edge, price change from the origin', () => {
  let product: PublicProduct;
  let variant: PublicVariant;
  let cart: Cart;
  let newPrice: Money;

  it('lists products at the edge', async () => {
    // The edge starts with empty state: allow it a moment to get the catalog from the origin.
    let page: Reply<ProductPage> | undefined;
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      page = await edge<ProductPage>('/api/products');
      if (page.status === 200 && page.body.items?.length > 0) break;
      await sleep(200);
    }
    expect(page?.status).toBe(200);
    const body = page?.body as ProductPage;
    expect(body.items.length).toBeGreaterThan(0);
    expect(body.items.length).toBeLessThanOrEqual(20);
    expect(body.nextCursor === null || typeof body.nextCursor === 'string').toBe(true);
    for (const item of body.items) {
      expect(typeof item.id).toBe('string');
      expect(typeof item.slug).toBe('string');
      expect(typeof item.title).toBe('string');
      expectMoney(item.price);
    }
  });

  it('shows a product with its variants', async () => {
    const page = await edge<ProductPage>('/api/products?limit=50');
    expect(page.status).toBe(200);
    for (const summary of page.body.items) {
      const detail = await edge<PublicProduct>(`/api/products/${encodeURIComponent(summary.slug)}`);
      expect(detail.status).toBe(200);
      expect(detail.body.slug).toBe(summary.slug);
      expect(Array.isArray(detail.body.variants)).toBe(true);
      for (const v of detail.body.variants) expectMoney(v.price);
      const sellable = detail.body.variants.find((v) => v.available);
      if (sellable) {
        product = detail.body;
        variant = sellable;
        break;
      }
    }
    expect(variant, 'some seeded variant is available').toBeDefined();
    // Make sure the quantities below are in stock whatever the seed chose.
    const stock = await admin<{ onHand: number; reserved: number; available: number }>(
      'GET',
      `/admin/inventory/${variant.id}`,
    );
    expect(stock.status).toBe(200);
    if (stock.body.available < 10) {
      const put = await admin('PUT', `/admin/inventory/${variant.id}`, { onHand: stock.body.reserved + 50 });
      expect(put.status).toBe(200);
    }
  });

  it('creates a cart (201, HttpOnly cookie)', async () => {
    const created = await edge<Cart>('/api/carts', { method: 'POST' });
    expect(created.status).toBe(201);
    cart = created.body;
    expect(typeof cart.id).toBe('string');
    expect(cart.status).toBe('open');
    expect(cart.lines).toEqual([]);
    expect(cart.totals.subtotal.amount).toBe(0);
    const cookie = created.headers.get('set-cookie') ?? '';
    expect(cookie).toContain(cart.id);
    expect(cookie.toLowerCase()).toContain('httponly');
  });

  it('adds an item and changes its quantity; totals are integer minor units', async () => {
    const added = await edgeJson<Cart>('POST', `/api/carts/${cart.id}/items`, { variantId: variant.id, quantity: 1 });
    expect(added.status).toBe(200);
    expect(added.body.lines).toHaveLength(1);
    const line = added.body.lines[0] as CartLine;
    expect(line.variantId).toBe(variant.id);
    expect(line.productId).toBe(product.id);
    expect(line.quantity).toBe(1);
    expect(line.unitPrice).toEqual(variant.price);
    expectConsistentTotals(added.body);

    const patched = await edgeJson<Cart>('PATCH', `/api/carts/${cart.id}/items/${variant.id}`, { quantity: 3 });
    expect(patched.status).toBe(200);
    expect(patched.body.lines).toHaveLength(1);
    const after = patched.body.lines[0] as CartLine;
    expect(after.quantity).toBe(3);
    expect(after.lineTotal.amount).toBe(3 * after.unitPrice.amount);
    expect(patched.body.totals.itemCount).toBe(3);
    expectConsistentTotals(patched.body);

    const fetched = await edge<Cart>(`/api/carts/${cart.id}`);
    expect(fetched.status).toBe(200);
    expect(fetched.body.lines).toEqual(patched.body.lines);
    expect(fetched.body.totals).toEqual(patched.body.totals);
    cart = fetched.body;
  });

  it(`shows the merchant's new price at the edge within ${PRICE_PROPAGATION_LIMIT_MS} ms of the commit`, async () => {
    newPrice = { amount: variant.price.amount + 1234, currency: variant.price.currency };
    const sent = performance.now();
    const patched = await admin<{ id: string }>('PATCH', `/admin/variants/${variant.id}`, { price: newPrice });
    // The 200 means the price and its outbox event are committed: the propagation clock starts.
    const committed = performance.now();
    expect(patched.status).toBe(200);

    let seen = Number.POSITIVE_INFINITY;
    let polls = 0;
    while (performance.now() - committed < 10_000) {
      polls++;
      const detail = await edge<PublicProduct>(`/api/products/${encodeURIComponent(product.slug)}`);
      const v = detail.body.variants?.find((x) => x.id === variant.id);
      if (detail.status === 200 && v?.price.amount === newPrice.amount) {
        seen = performance.now();
        break;
      }
      await sleep(10);
    }
    const propagationMs = seen - committed;
    console.log(
      `price change: PATCH answered in ${(committed - sent).toFixed(0)} ms; new price at the edge ` +
        `${propagationMs.toFixed(0)} ms after that (${(seen - sent).toFixed(0)} ms after sending it, ${polls} polls)`,
    );
    expect(propagationMs, 'ms from the PATCH response until the edge shows the new price').toBeLessThan(
      PRICE_PROPAGATION_LIMIT_MS,
    );
  });

  it('uses the new price for a new cart line; the old cart stays consistent', async () => {
    const created = await edge<Cart>('/api/carts', { method: 'POST' });
    expect(created.status).toBe(201);
    const added = await edgeJson<Cart>('POST', `/api/carts/${created.body.id}/items`, {
      variantId: variant.id,
      quantity: 2,
    });
    expect(added.status).toBe(200);
    const line = added.body.lines.find((l) => l.variantId === variant.id) as CartLine;
    expect(line.unitPrice).toEqual(newPrice);
    expect(line.lineTotal.amount).toBe(2 * newPrice.amount);
    expectConsistentTotals(added.body);

    const old = await edge<Cart>(`/api/carts/${cart.id}`);
    expect(old.status).toBe(200);
    expectConsistentTotals(old.body);
  });

  it('lists the product at its new lowest price once the list cache is invalidated', async () => {
    const detail = await edge<PublicProduct>(`/api/products/${encodeURIComponent(product.slug)}`);
    const lowest = Math.min(...detail.body.variants.map((v) => v.price.amount));
    let listed: ProductSummary | undefined;
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline) {
      const page = await edge<ProductPage>('/api/products?limit=50');
      listed = page.body.items.find((p) => p.slug === product.slug);
      if (!listed || listed.price.amount === lowest) break;
      await sleep(50);
    }
    if (listed) expect(listed.price.amount).toBe(lowest);
  });
});

describe('malformed input through the edge', () => {
  it('answers bad JSON with a 400 JSON error', async () => {
    const created = await edge<Cart>('/api/carts', { method: 'POST' });
    expect(created.status).toBe(201);
    const reply = await edge(`/api/carts/${created.body.id}/items`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"variantId": "x", "quantity": ',
    });
    expectJsonError(reply, 400);
  });

  it('refuses a quantity below 1 with 400', async () => {
    const created = await edge<Cart>('/api/carts', { method: 'POST' });
    const reply = await edgeJson('POST', `/api/carts/${created.body.id}/items`, { variantId: 'x', quantity: 0 });
    expectJsonError(reply, 400);
  });

  it('answers an unknown route with a 404 JSON error', async () => {
    expectJsonError(await edge('/api/no-such-route'), 404);
    expectJsonError(await edge('/api/no-such-route', { method: 'POST' }), 404);
  });

  it('answers an unknown product with 404 product_not_found', async () => {
    expectJsonError(await edge('/api/products/no-such-product-e2e'), 404, 'product_not_found');
  });

  it('refuses out-of-range list parameters with 400', async () => {
    expectJsonError(await edge('/api/products?limit=1000'), 400);
    expectJsonError(await edge('/api/products?limit=abc'), 400);
  });
});
