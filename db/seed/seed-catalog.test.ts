import { count, eq, isNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/support/db';
import type { Database, DatabaseHandle } from '../client';
import { categories, inventoryLevels, products, variantPrices, variants } from '../schema';
import { generateCatalog } from './generate-catalog';
import { countProducts, type SeedProgress, seedCatalog } from './seed-catalog';

let handle: DatabaseHandle;
let db: Database;

beforeAll(async () => {
  handle = await createTestDatabase();
  db = handle.db;
});
afterAll(async () => {
  await handle?.close();
});

async function rowCount(table: typeof categories | typeof variants | typeof variantPrices | typeof inventoryLevels) {
  const [row] = await db.select({ n: count() }).from(table);
  return row?.n ?? 0;
}

describe('seedCatalog', () => {
  it('writes exactly the generated catalog, with stock and two prices for every variant', async () => {
    const progress: SeedProgress[] = [];
    const result = await seedCatalog(db, { products: 1200, seed: 11, onProgress: (p) => progress.push(p) });
    const expected = generateCatalog({ seed: 11, products: 1200 });
    const expectedVariants = expected.products.reduce((n, p) => n + p.variants.length, 0);

    expect(result).toMatchObject({ status: 'seeded', products: 1200, variants: expectedVariants });
    expect(await countProducts(db)).toBe(1200);
    expect(await rowCount(categories)).toBe(expected.categories.length);
    expect(await rowCount(variants)).toBe(expectedVariants);
    expect(await rowCount(inventoryLevels)).toBe(expectedVariants);
    expect(await rowCount(variantPrices)).toBe(expectedVariants * 2);
    const withoutStock = await db
      .select({ id: variants.id })
      .from(variants)
      .leftJoin(inventoryLevels, eq(inventoryLevels.variantId, variants.id))
      .where(isNull(inventoryLevels.variantId));
    expect(withoutStock).toEqual([]);
    expect(progress.map((p) => p.done)).toEqual([500, 1000, 1200]);
    expect(progress.at(-1)).toEqual({ done: 1200, total: 1200, variants: expectedVariants });
  });

  it('stores the generated rows unchanged', async () => {
    const expected = generateCatalog({ seed: 11, products: 3 }).products[2];
    const [stored] = await db
      .select()
      .from(products)
      .where(eq(products.id, expected?.product.id ?? ''));
    expect(stored).toMatchObject({ ...expected?.product });
    const [price] = await db
      .select()
      .from(variantPrices)
      .where(eq(variantPrices.variantId, expected?.variants[0]?.variant.id ?? ''));
    expect(price?.amount).toBe(expected?.variants[0]?.prices.find((p) => p.currency === price?.currency)?.amount);
  });

  it('leaves a non-empty catalog alone when asked to skip (--if-empty)', async () => {
    const result = await seedCatalog(db, { products: 10, seed: 99, whenNotEmpty: 'skip' });
    expect(result).toEqual({ status: 'skipped', existingProducts: 1200 });
    expect(await countProducts(db)).toBe(1200);
  });

  it('refuses to mix demo data into a non-empty catalog by default', async () => {
    const result = await seedCatalog(db, { products: 10, seed: 99 });
    expect(result).toEqual({ status: 'refused', existingProducts: 1200 });
    expect(await countProducts(db)).toBe(1200);
  });

  it('replaces the catalog and its stock on reset', async () => {
    const result = await seedCatalog(db, { products: 40, seed: 99, whenNotEmpty: 'reset' });
    expect(result).toMatchObject({ status: 'seeded', products: 40 });
    expect(await countProducts(db)).toBe(40);
    const expected = generateCatalog({ seed: 99, products: 40 });
    const ids = (await db.select({ id: products.id }).from(products)).map((r) => r.id).sort();
    expect(ids).toEqual(expected.products.map((p) => p.product.id).sort());
    expect(await rowCount(inventoryLevels)).toBe(expected.products.reduce((n, p) => n + p.variants.length, 0));
  });

  it('seeds an empty catalog when asked to skip, reusing categories that already exist by slug', async () => {
    await db.execute(sql`delete from products`);
    await db.execute(sql`delete from categories`);
    await db.insert(categories).values({ id: 'cat_merchant_books', slug: 'books', name: 'Our Books' });
    const result = await seedCatalog(db, { products: 200, seed: 5, whenNotEmpty: 'skip' });
    expect(result).toMatchObject({ status: 'seeded', products: 200 });
    const [books] = await db.select().from(categories).where(eq(categories.slug, 'books'));
    expect(books).toMatchObject({ id: 'cat_merchant_books', name: 'Our Books' });
    const children = await db.select().from(categories).where(eq(categories.parentId, 'cat_merchant_books'));
    expect(children.map((c) => c.slug).sort()).toEqual(['books-fiction', 'books-nonfiction']);
    const orphans = await db
      .select({ id: products.id })
      .from(products)
      .leftJoin(categories, eq(categories.id, products.categoryId))
      .where(isNull(categories.id));
    expect(orphans).toEqual([]);
  });
});
