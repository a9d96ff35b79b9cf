/** Multi-row inserts sized to stay far below PostgreSQL's bind-parameter limit. */
import { inArray } from 'drizzle-orm';
import type { Database } from '../client';
import { categories, inventoryLevels, products, variantPrices, variants } from '../schema';
import type { CategoryRow } from './generate-catalog';
import type { GeneratedProduct } from './generate-product';

/** PostgreSQL's wire protocol numbers bind parameters with an Int16: at most 65,535 per statement. */
export const MAX_BIND_PARAMETERS = 65_535;
/** Past about a thousand rows a statement gets no faster, only bigger to build and parse. */
export const MAX_ROWS_PER_STATEMENT = 1000;

/** Rows per statement for a table with `columns` bound columns. */
export function rowsPerStatement(columns: number): number {
  return Math.max(1, Math.min(MAX_ROWS_PER_STATEMENT, Math.floor(MAX_BIND_PARAMETERS / columns)));
}

/** Splits `rows` into statement-sized slices and runs `insert` on each, one after the other. */
export async function insertInChunks<T extends object>(
  rows: T[],
  insert: (chunk: T[]) => Promise<unknown>,
): Promise<void> {
  const first = rows[0];
  if (!first) return;
  const size = rowsPerStatement(Object.keys(first).length);
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

/**
 * Inserts the category tree, parents before children, keeping any category whose slug already
 * exists (a merchant may have created some before the first seed). Returns generated id →
 * stored id, so products land in the stored categories.
 */
export async function insertCategories(db: Database, rows: readonly CategoryRow[]): Promise<Map<string, string>> {
  const storedId = new Map<string, string>();
  let pending = [...rows];
  while (pending.length > 0) {
    const ready = pending.filter((row) => !row.parentId || storedId.has(row.parentId));
    if (ready.length === 0) throw new Error('category tree has a parent that is never inserted');
    const values = ready.map((row) => ({
      ...row,
      parentId: row.parentId ? (storedId.get(row.parentId) ?? null) : null,
    }));
    await db.insert(categories).values(values).onConflictDoNothing();
    const slugs = ready.map((row) => row.slug);
    const stored = await db
      .select({ id: categories.id, slug: categories.slug })
      .from(categories)
      .where(inArray(categories.slug, slugs));
    const bySlug = new Map(stored.map((row) => [row.slug, row.id]));
    for (const row of ready) storedId.set(row.id, bySlug.get(row.slug) ?? row.id);
    pending = pending.filter((row) => !ready.includes(row));
  }
  return storedId;
}

/** Writes a batch of products with their variants, prices and stock; returns the variant count. */
export async function insertProducts(
  db: Database,
  batch: readonly GeneratedProduct[],
  categoryIds: ReadonlyMap<string, string>,
): Promise<number> {
  const productRows = batch.map(({ product }) => ({
    ...product,
    categoryId: product.categoryId ? (categoryIds.get(product.categoryId) ?? product.categoryId) : null,
  }));
  const variantRows = batch.flatMap((p) => p.variants.map((v) => v.variant));
  await insertInChunks(productRows, (chunk) => db.insert(products).values(chunk));
  await insertInChunks(variantRows, (chunk) => db.insert(variants).values(chunk));
  await insertInChunks(
    batch.flatMap((p) => p.variants.flatMap((v) => v.prices)),
    (chunk) => db.insert(variantPrices).values(chunk),
  );
  await insertInChunks(
    batch.flatMap((p) => p.variants.map((v) => v.inventory)),
    (chunk) => db.insert(inventoryLevels).values(chunk),
  );
  return variantRows.length;
}
