import { env } from 'cloudflare:workers';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { productFixture, publishOk, unique, variantFixture } from '../../test/edge/catalog-fixtures';
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

describe('GET /api/products/:slug', () => {
  it('serves a published product from KV in the public shape, without internal fields', async () => {
    const variant = variantFixture({ availableQuantity: 9 });
    const product = productFixture({ variants: [variant] });
    await publishOk({ products: [product], removedSlugs: [], removedVariantIds: [] });

    const res = await edgeFetch(`/api/products/${product.slug}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = await res.json<Record<string, unknown>>();
    expect(body).toMatchObject({
      id: product.id,
      slug: product.slug,
      title: product.title,
      price: product.price,
      image: product.image,
      rating: product.rating,
      description: product.description,
      variants: [
        {
          id: variant.id,
          sku: variant.sku,
          title: variant.title,
          options: variant.options,
          price: variant.price,
          available: true,
        },
      ],
    });
    expect(body).not.toHaveProperty('builtAt');
    expect(JSON.stringify(body)).not.toContain('availableQuantity');
    expect(origin.requests).toEqual([]);
  });

  it('sends an ETag and a revalidating Cache-Control, and answers a matching If-None-Match with 304', async () => {
    const product = productFixture();
    await publishOk({ products: [product], removedSlugs: [], removedVariantIds: [] });

    const first = await edgeFetch(`/api/products/${product.slug}`);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[0-9a-f]+"$/);
    expect(first.headers.get('cache-control')).toBe('public, max-age=0, must-revalidate');

    const revalidated = await edgeFetch(`/api/products/${product.slug}`, { headers: { 'if-none-match': etag ?? '' } });
    expect(revalidated.status).toBe(304);
    expect(revalidated.headers.get('etag')).toBe(etag);
    expect(await revalidated.text()).toBe('');

    const stale = await edgeFetch(`/api/products/${product.slug}`, { headers: { 'if-none-match': '"other"' } });
    expect(stale.status).toBe(200);
  });

  it('serves repeat requests from the isolate cache without touching KV', async () => {
    const product = productFixture();
    await publishOk({ products: [product], removedSlugs: [], removedVariantIds: [] });
    const first = await edgeFetch(`/api/products/${product.slug}`);

    await env.CATALOG.delete(kvKeys.product(product.slug));
    const second = await edgeFetch(`/api/products/${product.slug}`);
    expect(second.status).toBe(200);
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(origin.requests).toEqual([]);
  });

  it('falls back to the origin on a KV miss and writes the snapshot back to KV', async () => {
    const product = productFixture();
    origin.products.set(product.slug, product);

    const res = await edgeFetch(`/api/products/${product.slug}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: product.id });
    expect(origin.requests).toEqual([`/internal/catalog/products/${product.slug}`]);
    await vi.waitFor(async () => expect(await env.CATALOG.get(kvKeys.product(product.slug), 'json')).toEqual(product));
  });

  it('answers 404 product_not_found for an unknown slug and remembers the miss', async () => {
    const slug = unique('missing');
    const res = await edgeFetch(`/api/products/${slug}`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'product_not_found' } });
    await edgeFetch(`/api/products/${slug}`);
    expect(origin.count('/internal/catalog/products/')).toBe(1);
  });

  it('answers 404 for a slug that cannot exist without asking the origin', async () => {
    const res = await edgeFetch('/api/products/not.a%2Fslug');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'product_not_found' } });
    expect(origin.requests).toEqual([]);
  });

  it('answers 502 origin_unavailable when KV misses and the origin is down', async () => {
    origin.failWith = 503;
    const res = await edgeFetch(`/api/products/${unique('down')}`);
    expect(res.status).toBe(502);
    expect(await res.json()).toMatchObject({ error: { code: 'origin_unavailable' } });
  });
});

describe('GET /api/categories', () => {
  it('serves published categories from KV', async () => {
    const categories = [
      { id: 'cat_1', slug: 'women', name: 'Women', parentId: null },
      { id: 'cat_2', slug: 'women-tops', name: 'Tops', parentId: 'cat_1' },
    ];
    await publishOk({ products: [], removedSlugs: [], removedVariantIds: [], categories });
    const res = await edgeFetch('/api/categories');
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBeTruthy();
    expect(await res.json()).toEqual({ items: categories });
    expect(origin.requests).toEqual([]);
  });
});
