import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { productInput, startTestOrigin, type TestOrigin, uid } from '../../test/support/origin';
import type { AdminProduct } from './catalog.schemas';

let t: TestOrigin;
beforeAll(async () => {
  t = await startTestOrigin();
});
afterAll(() => t.close());

const create = async (overrides: Record<string, unknown> = {}, n = 2) => {
  const res = await t.admin('POST', '/admin/products', productInput(overrides, n));
  expect(res.status).toBe(201);
  return (await res.json()) as AdminProduct;
};

describe('creating products', () => {
  it('creates a product with variants, prices in minor units and stock', async () => {
    const input = productInput({}, 3);
    const res = await t.admin('POST', '/admin/products', input);
    expect(res.status).toBe(201);
    const p = (await res.json()) as AdminProduct;
    expect(p.id).toMatch(/^prod_/);
    expect(p.slug).toBe(input.slug);
    expect(p.variants).toHaveLength(3);
    expect(p.variants[1]?.price).toEqual({ amount: 2600, currency: 'USD' });
    expect(p.variants[1]?.prices).toEqual([
      { amount: 2550, currency: 'EUR' },
      { amount: 2600, currency: 'USD' },
    ]);
    expect(p.variants[0]?.inventory).toMatchObject({ onHand: 10, reserved: 0, available: 10 });
  });

  it('derives a slug from the title and keeps it unique', async () => {
    const title = `Linen Shirt ${uid()}`;
    const a = await create({ title, slug: undefined });
    const b = await create({ title, slug: undefined });
    expect(a.slug).toBe(title.toLowerCase().replaceAll(' ', '-'));
    expect(b.slug).not.toBe(a.slug);
    expect(b.slug.startsWith(a.slug)).toBe(true);
  });

  it('defaults new products to draft', async () => {
    const p = await create({ status: undefined });
    expect(p.status).toBe('draft');
  });

  it('refuses a taken slug with 409 slug_taken and writes nothing', async () => {
    const first = await create();
    const before = await countProducts();
    const res = await t.admin('POST', '/admin/products', productInput({ slug: first.slug }));
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: { code: 'slug_taken' } });
    expect(await countProducts()).toBe(before);
  });

  it('refuses a taken SKU without leaving a half-made product behind', async () => {
    const first = await create();
    const before = await countProducts();
    const input = productInput({}, 2);
    (input.variants[1] as { sku: string }).sku = first.variants[0]?.sku as string;
    const res = await t.admin('POST', '/admin/products', input);
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: { code: 'sku_taken' } });
    expect(await countProducts()).toBe(before);
  });

  it('refuses an unknown category with 404 category_not_found', async () => {
    const res = await t.admin('POST', '/admin/products', productInput({ categoryId: 'cat_nope' }));
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'category_not_found' } });
  });

  it.each([
    ['a float price', { amount: 19.99, currency: 'USD' }],
    ['a negative price', { amount: -1, currency: 'USD' }],
    ['a lowercase currency', { amount: 100, currency: 'usd' }],
    ['a price given as a string', { amount: '100', currency: 'USD' }],
  ])('refuses %s with 400', async (_name, price) => {
    const input = productInput({}, 1);
    (input.variants[0] as { prices: unknown[] }).prices = [price];
    const res = await t.admin('POST', '/admin/products', input);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'invalid_request' } });
  });
});

describe('updating and archiving', () => {
  it('updates fields and publishes the product again', async () => {
    const p = await create();
    await t.drain();
    const res = await t.admin('PATCH', `/admin/products/${p.id}`, { title: 'Renamed', description: 'New words' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ title: 'Renamed', description: 'New words' });
    await t.drain();
    expect(t.publishes.at(-1)?.products.map((x) => x.title)).toEqual(['Renamed']);
  });

  it('tells the edge to forget the old slug after a slug change', async () => {
    const p = await create();
    // The product's own publishes (its creation, its first stock) are done first.
    await t.drain();
    const before = t.publishes.length;
    const newSlug = `moved-${uid()}`;
    await t.admin('PATCH', `/admin/products/${p.id}`, { slug: newSlug });
    await t.drain();
    const moved = t.publishes.slice(before).find((x) => x.products.some((s) => s.slug === newSlug));
    expect(moved?.removedSlugs).toContain(p.slug);
  });

  it('archives a product: off the storefront, variants unsellable', async () => {
    const p = await create();
    const res = await t.admin('POST', `/admin/products/${p.id}/archive`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'archived' });
    await t.drain();
    const last = t.publishes.at(-1);
    expect(last?.removedSlugs).toContain(p.slug);
    expect(last?.removedVariantIds).toEqual(expect.arrayContaining(p.variants.map((v) => v.id)));
  });

  it('answers 404 product_not_found for an unknown product', async () => {
    const res = await t.admin('PATCH', '/admin/products/prod_UNKNOWN', { title: 'x' });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'product_not_found' } });
  });
});

describe('listing products', () => {
  it('walks every product exactly once with cursor pagination', async () => {
    for (let i = 0; i < 5; i++) await create({}, 1);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await t.admin('GET', `/admin/products?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      const page = (await res.json()) as { items: AdminProduct[]; nextCursor: string | null };
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((p) => p.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(await countProducts());
    expect([...seen].sort().reverse()).toEqual(seen);
  });

  it('filters by status, category and title', async () => {
    const res = await t.admin('POST', '/admin/categories', { slug: `c-${uid()}`, name: 'Filtered' });
    const cat = (await res.json()) as { id: string };
    const word = `zebra${uid()}`;
    const p = await create({ categoryId: cat.id, title: `Striped ${word} mug`, status: 'draft' });
    const get = async (qs: string) =>
      ((await (await t.admin('GET', `/admin/products?${qs}`)).json()) as { items: AdminProduct[] }).items.map(
        (x) => x.id,
      );
    expect(await get(`categoryId=${cat.id}`)).toEqual([p.id]);
    expect(await get(`q=${word.toUpperCase()}`)).toEqual([p.id]);
    expect(await get(`status=draft&q=${word}`)).toEqual([p.id]);
    expect(await get(`status=active&q=${word}`)).toEqual([]);
  });

  it('refuses a malformed cursor and unknown parameters with 400', async () => {
    expect((await t.admin('GET', '/admin/products?cursor=%%%')).status).toBe(400);
    expect((await t.admin('GET', '/admin/products?cursor=abc')).status).toBe(400);
    expect((await t.admin('GET', '/admin/products?limit=0')).status).toBe(400);
    expect((await t.admin('GET', '/admin/products?limit=101')).status).toBe(400);
    expect((await t.admin('GET', '/admin/products?sort=price')).status).toBe(400);
  });
});

async function countProducts(): Promise<number> {
  const result = (await t.origin.ctx.db.execute(sql`select count(*)::int as n from products`)) as unknown as {
    rows: { n: number }[];
  };
  return Number(result.rows[0]?.n);
}
