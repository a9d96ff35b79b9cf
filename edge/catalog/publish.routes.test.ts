import { env } from 'cloudflare:workers';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ProductSnapshot, VariantLookup } from '../../contract/catalog';
import { productFixture, publish, publishOk, publishPayload, variantFixture } from '../../test/edge/catalog-fixtures';
import { edgeFetch } from '../../test/edge/edge-fetch';
import { type FakeOrigin, installFakeOrigin } from '../../test/edge/fake-origin';
import { clearCatalogL1 } from './catalog-l1';
import { kvKeys } from './kv-keys';
import type { PublishResult } from './publish';

let origin: FakeOrigin;
beforeEach(() => {
  clearCatalogL1();
  origin = installFakeOrigin();
});
afterEach(() => vi.restoreAllMocks());

const kvJson = <T>(key: string) => env.CATALOG.get<T>(key, 'json');
const price = async (slug: string) => (await (await edgeFetch(`/api/products/${slug}`)).json<ProductSnapshot>()).price;

describe('POST /internal/catalog/publish', () => {
  it('writes product:<slug> and a variant:<id> lookup per variant', async () => {
    const variants = [variantFixture({ title: 'S' }), variantFixture({ title: 'L', availableQuantity: 3 })];
    const product = productFixture({ title: 'Wool Coat', variants });
    const res = await publish(publishPayload({ products: [product] }));
    expect(res.status).toBe(200);
    expect(await res.json<PublishResult>()).toMatchObject({ written: [product.slug], skipped: [] });

    expect(await kvJson(kvKeys.product(product.slug))).toEqual(product);
    expect(await kvJson<VariantLookup>(kvKeys.variant(variants[1]?.id ?? ''))).toEqual({
      variantId: variants[1]?.id,
      productId: product.id,
      productSlug: product.slug,
      title: 'Wool Coat — L',
      sku: variants[1]?.sku,
      price: variants[1]?.price,
      availableQuantity: 3,
      builtAt: product.builtAt,
    });
  });

  it('makes a price change visible on the very next request', async () => {
    const product = productFixture({ builtAt: '2026-01-01T00:00:00.000Z' });
    await publishOk(publishPayload({ products: [product] }));
    expect(await price(product.slug)).toEqual({ amount: 2500, currency: 'USD' });

    const repriced = { ...product, price: { amount: 1999, currency: 'USD' }, builtAt: '2026-01-01T00:00:01.000Z' };
    await publishOk(publishPayload({ products: [repriced] }));
    expect(await price(product.slug)).toEqual({ amount: 1999, currency: 'USD' });
  });

  it('is idempotent: replaying a payload leaves the same state', async () => {
    const product = productFixture();
    const payload = publishPayload({ products: [product], categories: [] });
    await publishOk(payload);
    const res = await publish(payload);
    expect(res.status).toBe(200);
    expect(await kvJson(kvKeys.product(product.slug))).toEqual(product);
    expect((await edgeFetch(`/api/products/${product.slug}`)).status).toBe(200);
  });

  it('ignores a snapshot older than the stored one', async () => {
    const newer = productFixture({ builtAt: '2026-03-01T10:00:00.000Z' });
    await publishOk(publishPayload({ products: [newer] }));
    const older = { ...newer, title: 'Old title', builtAt: '2026-03-01T09:00:00.000Z' };
    const res = await publish(publishPayload({ products: [older] }));
    expect(await res.json<PublishResult>()).toMatchObject({ written: [], skipped: [newer.slug] });
    expect(await kvJson(kvKeys.product(newer.slug))).toEqual(newer);
  });

  it('removes products and their variants, after which the product is a 404', async () => {
    const product = productFixture();
    await publishOk(publishPayload({ products: [product] }));
    expect((await edgeFetch(`/api/products/${product.slug}`)).status).toBe(200);

    await publishOk(publishPayload({ removedSlugs: [product.slug] }));
    expect(await env.CATALOG.get(kvKeys.product(product.slug))).toBeNull();
    expect(await env.CATALOG.get(kvKeys.variant(product.variants[0]?.id ?? ''))).toBeNull();
    const res = await edgeFetch(`/api/products/${product.slug}`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'product_not_found' } });
  });

  it('deletes removed variant ids and variants dropped from a republished product', async () => {
    const [keep, drop, gone] = [variantFixture(), variantFixture(), variantFixture()];
    if (!keep || !drop || !gone) throw new Error('fixtures');
    const product = productFixture({ variants: [keep, drop], builtAt: '2026-01-01T00:00:00.000Z' });
    await publishOk(publishPayload({ products: [product, productFixture({ variants: [gone] })] }));

    const republished = { ...product, variants: [keep], builtAt: '2026-01-02T00:00:00.000Z' };
    await publishOk(publishPayload({ products: [republished], removedVariantIds: [gone.id] }));
    expect(await env.CATALOG.get(kvKeys.variant(keep.id))).not.toBeNull();
    expect(await env.CATALOG.get(kvKeys.variant(drop.id))).toBeNull();
    expect(await env.CATALOG.get(kvKeys.variant(gone.id))).toBeNull();
  });

  it('replaces categories and shows the new list on the next request', async () => {
    const before = [{ id: 'cat_a', slug: 'a', name: 'A', parentId: null }];
    await publishOk(publishPayload({ categories: before }));
    expect(await (await edgeFetch('/api/categories')).json()).toEqual({ items: before });

    const after = [...before, { id: 'cat_b', slug: 'b', name: 'B', parentId: 'cat_a' }];
    await publishOk(publishPayload({ categories: after }));
    expect(await kvJson(kvKeys.categories)).toEqual(after);
    expect(await (await edgeFetch('/api/categories')).json()).toEqual({ items: after });
  });

  it('bumps catalog:version on every publish, orphaning cached list pages', async () => {
    const first = await (await publish(publishPayload())).json<PublishResult>();
    const second = await (await publish(publishPayload())).json<PublishResult>();
    expect(Number(second.version)).toBeGreaterThan(Number(first.version));
    expect(await env.CATALOG.get(kvKeys.version)).toBe(second.version);

    await edgeFetch('/api/products?q=linen');
    await publishOk(publishPayload());
    await edgeFetch('/api/products?q=linen');
    expect(origin.count('/internal/catalog/products?')).toBe(2);
  });

  it('refuses an invalid payload with 400 and writes nothing', async () => {
    const product = productFixture();
    const broken = { ...product, price: { amount: 12.5, currency: 'USD' } };
    const res = await publish(publishPayload({ products: [broken] }));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'invalid_request' } });
    expect(await env.CATALOG.get(kvKeys.product(product.slug))).toBeNull();
  });

  it('refuses a signed but malformed JSON body with 400 malformed_json', async () => {
    const res = await publish(publishPayload(), { body: '{"products": [' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'malformed_json' } });
  });

  it('refuses a payload too large for one Worker invocation with 413', async () => {
    const variants = Array.from({ length: 1_000 }, () => variantFixture());
    const res = await publish(publishPayload({ products: [productFixture({ variants })] }));
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { code: 'payload_too_large' } });
  });
});
