import { env } from 'cloudflare:workers';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ProductPage } from '../../contract/catalog';
import { unique } from '../../test/edge/catalog-fixtures';
import { edgeFetch } from '../../test/edge/edge-fetch';
import { type FakeOrigin, installFakeOrigin } from '../../test/edge/fake-origin';
import { clearCatalogL1 } from './catalog-l1';
import { kvKeys } from './kv-keys';

let origin: FakeOrigin;
beforeEach(() => {
  clearCatalogL1();
  origin = installFakeOrigin();
});
afterEach(() => vi.restoreAllMocks());

describe('GET /api/products', () => {
  const page = (slug: string): ProductPage => ({
    items: [
      {
        id: 'prod_1',
        slug,
        title: 'Tee',
        price: { amount: 100, currency: 'USD' },
        image: null,
        rating: { average: 0, count: 0 },
      },
    ],
    nextCursor: 'cHJvZF8x',
  });

  it('fetches a page from the origin once, then serves it from L1 and, after L1 is gone, from KV', async () => {
    const category = unique('cat');
    const query = `category=${category}&limit=20`;
    origin.lists.set(query, page('tee-1'));

    const first = await edgeFetch(`/api/products?category=${category}`);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual(page('tee-1'));
    expect(origin.requests).toEqual([`/internal/catalog/products?${query}`]);

    const version = (await env.CATALOG.get(kvKeys.version)) ?? '0';
    await vi.waitFor(async () =>
      expect(await env.CATALOG.get(kvKeys.list(version, query), 'json')).toEqual({
        ...page('tee-1'),
        builtAt: expect.any(String),
      }),
    );

    const second = await edgeFetch(`/api/products?limit=20&category=${category}`);
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
    clearCatalogL1();
    const third = await edgeFetch(`/api/products?category=${category}`);
    expect(await third.json()).toEqual(page('tee-1'));
    expect(origin.requests).toHaveLength(1);
  });

  it('strips internal fields the origin may add to summaries', async () => {
    const q = unique('q');
    const leaky = page('tee-2');
    origin.lists.set(`limit=5&q=${q}`, { ...leaky, items: leaky.items.map((i) => ({ ...i, costPrice: 1 })) });
    const res = await edgeFetch(`/api/products?q=${q}&limit=5`);
    expect(await res.json()).toEqual(leaky);
  });

  it('defaults to 20 items and forwards the normalized query', async () => {
    await edgeFetch('/api/products');
    expect(origin.requests).toEqual(['/internal/catalog/products?limit=20']);
  });

  it.each([
    ['an unknown parameter', 'sort=price'],
    ['limit 0', 'limit=0'],
    ['limit 101', 'limit=101'],
    ['a non-numeric limit', 'limit=abc'],
    ['a fractional limit', 'limit=2.5'],
    ['a repeated parameter', 'limit=1&limit=2'],
    ['a malformed cursor', 'cursor=a%2Fb'],
    ['an overlong search', `q=${'x'.repeat(201)}`],
  ])('answers 400 invalid_request for %s', async (_name, query) => {
    const res = await edgeFetch(`/api/products?${query}`);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'invalid_request', message: expect.any(String) } });
    expect(origin.requests).toEqual([]);
  });

  it('passes an origin 400 (e.g. an undecodable cursor) on as 400 invalid_request', async () => {
    vi.restoreAllMocks();
    vi.spyOn(globalThis, 'fetch').mockImplementation(async () =>
      Response.json({ error: { code: 'invalid_request', message: 'bad cursor' } }, { status: 400 }),
    );
    const res = await edgeFetch('/api/products?cursor=zzzz');
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: 'invalid_request', message: 'bad cursor' } });
  });
});
