import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProductPage, ProductSnapshot, VariantLookup } from '../../contract/catalog';
import { signInternalRequest } from '../../contract/signing';
import { INTERNAL_SECRET, productInput, startTestOrigin, type TestOrigin, uid } from '../../test/support/origin';
import type { AdminProduct } from './catalog.schemas';

let t: TestOrigin;
type Cat = { id: string; slug: string };
let parent: Cat;
let child: Cat;
let inChild: AdminProduct;
let word: string;
beforeAll(async () => {
  t = await startTestOrigin();
  parent = (await (await t.admin('POST', '/admin/categories', { slug: `p-${uid()}`, name: 'Parent' })).json()) as Cat;
  child = (await (
    await t.admin('POST', '/admin/categories', { slug: `c-${uid()}`, name: 'Child', parentId: parent.id })
  ).json()) as Cat;
  word = `quokka${uid()}`;
  inChild = (await (
    await t.admin('POST', '/admin/products', productInput({ categoryId: child.id, title: `Blue ${word} hoodie` }))
  ).json()) as AdminProduct;
  await t.admin('POST', '/admin/products', productInput({ status: 'draft', title: `Draft ${word}` }));
  await t.admin('POST', '/admin/products', productInput({ categoryId: parent.id }));
});
afterAll(() => t.close());

const page = async (qs: string) => (await (await t.internal(`/internal/catalog/products?${qs}`)).json()) as ProductPage;

describe('signed internal reads', () => {
  it('lists only active products, with the lowest price in the store currency', async () => {
    const res = await page(`q=${word}`);
    expect(res.items).toEqual([
      {
        id: inChild.id,
        slug: inChild.slug,
        title: inChild.title,
        price: { amount: 2500, currency: 'USD' },
        image: inChild.images[0],
        rating: { average: 0, count: 0 },
      },
    ]);
  });

  it('filters a category together with its subcategories', async () => {
    expect((await page(`category=${child.slug}`)).items.map((p) => p.id)).toEqual([inChild.id]);
    expect((await page(`category=${parent.slug}`)).items).toHaveLength(2);
    expect((await page('category=no-such-category')).items).toEqual([]);
  });

  it('matches search words as prefixes', async () => {
    expect((await page(`q=${word.slice(0, 8)}%20hood`)).items.map((p) => p.id)).toContain(inChild.id);
  });

  it('pages with a cursor', async () => {
    const first = await page('limit=1');
    expect(first.items).toHaveLength(1);
    expect(first.nextCursor).toBeTruthy();
    const second = await page(`limit=1&cursor=${first.nextCursor}`);
    expect(second.items[0]?.id).not.toBe(first.items[0]?.id);
  });

  it('serves a product snapshot and a variant lookup', async () => {
    const snap = (await (await t.internal(`/internal/catalog/products/${inChild.slug}`)).json()) as ProductSnapshot;
    expect(snap.variants).toHaveLength(2);
    expect(snap.variants[0]).toMatchObject({ available: true, availableQuantity: 10 });
    const v = inChild.variants[1] as AdminProduct['variants'][number];
    const lookup = (await (await t.internal(`/internal/catalog/variants/${v.id}`)).json()) as VariantLookup;
    expect(lookup).toEqual({
      variantId: v.id,
      productId: inChild.id,
      productSlug: inChild.slug,
      title: `${inChild.title} — ${v.title}`,
      sku: v.sku,
      price: { amount: 2600, currency: 'USD' },
      availableQuantity: 10,
    });
  });

  it('answers 404 for unknown or unsellable products and variants', async () => {
    const notFound = await t.internal('/internal/catalog/products/nope');
    expect(notFound.status).toBe(404);
    expect(await notFound.json()).toMatchObject({ error: { code: 'product_not_found' } });
    expect((await t.internal('/internal/catalog/variants/var_nope')).status).toBe(404);
  });

  it('lists categories', async () => {
    const res = (await (await t.internal('/internal/catalog/categories')).json()) as { items: { id: string }[] };
    expect(res.items.map((c) => c.id)).toEqual(expect.arrayContaining([parent.id, child.id]));
  });

  it('refuses malformed queries with 400', async () => {
    for (const qs of ['limit=0', 'limit=abc', 'cursor=@@', 'color=red', 'category=Bad%20Slug']) {
      const res = await t.internal(`/internal/catalog/products?${qs}`);
      expect(res.status, qs).toBe(400);
    }
  });
});

describe('internal authentication', () => {
  const path = '/internal/catalog/categories';
  it('refuses unsigned, forged, stale and re-targeted requests', async () => {
    const app = t.origin.app;
    expect((await app.request(path)).status).toBe(401);
    const forged = await signInternalRequest('wrong-secret', 'GET', path);
    expect((await app.request(path, { headers: forged })).status).toBe(401);
    const stale = await signInternalRequest(INTERNAL_SECRET, 'GET', path, '', { now: Date.now() - 5 * 60_000 });
    expect((await app.request(path, { headers: stale })).status).toBe(401);
    const other = await signInternalRequest(INTERNAL_SECRET, 'GET', '/internal/catalog/products');
    expect((await app.request(path, { headers: other })).status).toBe(401);
    expect((await app.request(path, { headers: await signInternalRequest(INTERNAL_SECRET, 'GET', path) })).status).toBe(
      200,
    );
  });
});

describe('cache-aside', () => {
  it('serves repeated reads from the cache and refreshes after a publish', async () => {
    const p = (await (await t.admin('POST', '/admin/products', productInput())).json()) as AdminProduct;
    await t.drain();
    const read = async () =>
      ((await (await t.internal(`/internal/catalog/products/${p.slug}`)).json()) as ProductSnapshot).title;
    expect(await read()).toBe(p.title);
    // A write that bypasses the outbox is invisible while the cached copy lives...
    await t.origin.ctx.db.execute(sql`update products set title = 'Sneaky' where id = ${p.id}`);
    expect(await read()).toBe(p.title);
    // ...and a change made properly drops the cached copy when it is published.
    await t.admin('PATCH', `/admin/products/${p.id}`, { title: 'Proper' });
    await t.drain();
    expect(await read()).toBe('Proper');
  });

  it('invalidates cached list pages on every publish', async () => {
    const marker = `lemur${uid()}`;
    expect((await page(`q=${marker}`)).items).toEqual([]);
    await t.admin('POST', '/admin/products', productInput({ title: `Lemur ${marker}` }));
    await t.drain();
    expect((await page(`q=${marker}`)).items).toHaveLength(1);
  });
});
