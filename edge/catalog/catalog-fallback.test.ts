import { env } from 'cloudflare:workers';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { encodeBase64Url } from '../../contract/base64url';
import type { Category, ProductPage, ProductSnapshot } from '../../contract/catalog';
import { createCart } from '../../test/edge/cart-helpers';
import { productFixture, publishOk, publishPayload, unique, variantFixture } from '../../test/edge/catalog-fixtures';
import { edgeFetch, jsonRequest } from '../../test/edge/edge-fetch';
import { type FakeOrigin, installFakeOrigin } from '../../test/edge/fake-origin';
import { retryBudget } from '../lib/signed-fetch';
import type { CatalogIndex } from './catalog-index';
import { clearCatalogL1 } from './catalog-l1';
import { kvKeys } from './kv-keys';

let origin: FakeOrigin;
beforeEach(() => {
  clearCatalogL1();
  retryBudget.reset();
  origin = installFakeOrigin();
});
afterEach(() => vi.restoreAllMocks());

const HOUR_MS = 3_600_000;

/** Products of one fresh category (KV is shared by the file's tests), ids in creation order. */
function catalogOf(count: number, builtAt: string): { category: Category; products: ProductSnapshot[] } {
  const category: Category = { id: unique('cat'), slug: unique('shirts'), name: 'Shirts', parentId: null };
  const stamp = Date.now().toString(36);
  const products = Array.from({ length: count }, (_, i) =>
    productFixture({
      id: `prod_${stamp}${String(i).padStart(3, '0')}`,
      slug: unique(`shirt-${i}`),
      title: i % 2 === 0 ? `Blue Shirt ${i}` : `Red Shirt ${i}`,
      categoryId: category.id,
      builtAt,
      variants: [variantFixture()],
    }),
  );
  return { category, products };
}

const staleSeconds = (res: Response) => Number(res.headers.get('x-catalog-stale'));

describe('the published index', () => {
  it('lists every published product and drops removed ones', async () => {
    const { category, products } = catalogOf(3, new Date().toISOString());
    await publishOk(publishPayload({ products, categories: [category] }));
    const [first, second, third] = products as [ProductSnapshot, ProductSnapshot, ProductSnapshot];
    await publishOk(publishPayload({ removedSlugs: [second.slug] }));
    const index = await env.CATALOG.get<CatalogIndex>(kvKeys.index, 'json');
    const slugs = index?.items.map((e) => e.slug) ?? [];
    expect(slugs).toEqual(expect.arrayContaining([first.slug, third.slug]));
    expect(slugs).not.toContain(second.slug);
  });
});

describe('GET /api/products with the origin down', () => {
  it('builds any page from the published index, newest first, with X-Catalog-Stale', async () => {
    const builtAt = new Date(Date.now() - HOUR_MS).toISOString();
    const { category, products } = catalogOf(5, builtAt);
    await publishOk(publishPayload({ products, categories: [category] }));
    origin.failWith = 503;

    const res = await edgeFetch(`/api/products?category=${category.slug}&limit=2`);
    expect(res.status).toBe(200);
    const newestFirst = [...products].reverse();
    const page = await res.json<ProductPage>();
    expect(page.items.map((p) => p.slug)).toEqual(newestFirst.slice(0, 2).map((p) => p.slug));
    expect(page.items[0]).toEqual({
      id: newestFirst[0]?.id,
      slug: newestFirst[0]?.slug,
      title: newestFirst[0]?.title,
      price: newestFirst[0]?.price,
      image: newestFirst[0]?.image,
      rating: newestFirst[0]?.rating,
    });
    expect(page.nextCursor).toBe(encodeBase64Url(newestFirst[1]?.id ?? ''));
    expect(staleSeconds(res)).toBeGreaterThanOrEqual(3_600);
    expect(origin.count('/internal/catalog/products')).toBeGreaterThan(0); // the origin was asked first

    const next = await edgeFetch(`/api/products?category=${category.slug}&limit=2&cursor=${page.nextCursor}`);
    expect((await next.json<ProductPage>()).items.map((p) => p.slug)).toEqual(
      newestFirst.slice(2, 4).map((p) => p.slug),
    );

    const search = await edgeFetch(`/api/products?category=${category.slug}&q=blu&limit=50`);
    expect((await search.json<ProductPage>()).items.map((p) => p.slug)).toEqual(
      newestFirst.filter((p) => p.title.startsWith('Blue')).map((p) => p.slug),
    );
  });

  it('includes subcategories in a category page', async () => {
    const parent: Category = { id: unique('cat'), slug: unique('men'), name: 'Men', parentId: null };
    const child: Category = { id: unique('cat'), slug: unique('men-tops'), name: 'Tops', parentId: parent.id };
    const inChild = productFixture({ categoryId: child.id });
    await publishOk(publishPayload({ products: [inChild], categories: [parent, child] }));
    origin.failWith = 503;
    const res = await edgeFetch(`/api/products?category=${parent.slug}`);
    expect(res.status).toBe(200);
    expect((await res.json<ProductPage>()).items.map((p) => p.slug)).toEqual([inChild.slug]);
  });

  it('answers from the origin, without X-Catalog-Stale, while it is up', async () => {
    const { category, products } = catalogOf(1, new Date().toISOString());
    await publishOk(publishPayload({ products, categories: [category] }));
    const query = `category=${category.slug}&limit=20`;
    origin.lists.set(query, { items: [], nextCursor: null });
    const res = await edgeFetch(`/api/products?${query}`);
    expect(await res.json<ProductPage>()).toEqual({ items: [], nextCursor: null });
    expect(res.headers.has('x-catalog-stale')).toBe(false);
  });
});

describe('reads of the published copy', () => {
  it('serve a product, the storefront pages and cart pricing without the origin, saying how stale', async () => {
    const builtAt = new Date(Date.now() - 2 * HOUR_MS).toISOString();
    const { category, products } = catalogOf(1, builtAt);
    const product = products[0] as ProductSnapshot;
    await publishOk(publishPayload({ products, categories: [category] }));
    const cart = await createCart();
    origin.failWith = 503;

    const api = await edgeFetch(`/api/products/${product.slug}`);
    expect(api.status).toBe(200);
    expect(staleSeconds(api)).toBeGreaterThanOrEqual(7_200);

    const page = await edgeFetch(`/products/${product.slug}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(product.title);
    expect(staleSeconds(page)).toBeGreaterThanOrEqual(7_200);

    const home = await edgeFetch(`/?category=${category.slug}`);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain(product.title);
    expect(staleSeconds(home)).toBeGreaterThanOrEqual(7_200);

    const variantId = product.variants[0]?.id ?? '';
    const added = await edgeFetch(`/api/carts/${cart.id}/items`, jsonRequest('POST', { variantId, quantity: 2 }));
    expect(added.status).toBe(200);
    expect(staleSeconds(added)).toBeGreaterThanOrEqual(7_200);
    expect(origin.count('/internal/catalog/variants')).toBe(0);
  });

  it('still answers 502 when neither KV nor the origin has the product', async () => {
    origin.failWith = 503;
    const res = await edgeFetch(`/api/products/${unique('never-published')}`);
    expect(res.status).toBe(502);
  });
});
