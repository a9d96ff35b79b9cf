/**
 * Writes the demo catalog into a database. The CLI (`db/seed.ts`), the launcher and the origin
 * tests all call `seedCatalog`, so there is one way a demo store comes to exist.
 */
import { count, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { products } from '../schema';
import { insertCheckoutDefaults } from './checkout-defaults';
import { generateProducts, planCategories } from './generate-catalog';
import type { GeneratedProduct } from './generate-product';
import { insertCategories, insertProducts } from './insert-rows';

export const DEFAULT_SEED = 42;
/** Products written per progress step; each step is about ten multi-row statements. */
export const PRODUCTS_PER_BATCH = 500;
/** Any fixed number: all seeders take the same advisory lock so two launchers cannot both seed. */
const SEED_LOCK_KEY = 0x5eed;

/** What to do when the database already has products. */
export type WhenNotEmpty = 'refuse' | 'skip' | 'reset';

export interface SeedProgress {
  done: number;
  total: number;
  variants: number;
}

export interface SeedCatalogOptions {
  products: number;
  seed?: number;
  /** Default `refuse`: a seed never silently mixes demo data into an existing catalog. */
  whenNotEmpty?: WhenNotEmpty;
  onProgress?: (progress: SeedProgress) => void;
}

export type SeedResult =
  | { status: 'seeded'; categories: number; products: number; variants: number; elapsedMs: number }
  | { status: 'skipped'; existingProducts: number }
  | { status: 'refused'; existingProducts: number };

/** Number of products in the catalog. */
export async function countProducts(db: Database): Promise<number> {
  const [row] = await db.select({ n: count() }).from(products);
  return row?.n ?? 0;
}

/**
 * Seeds the deterministic demo catalog in one transaction, so a failed or interrupted seed
 * leaves nothing behind and `--if-empty` never sees half a catalog. With `whenNotEmpty: 'reset'`
 * the catalog and its stock are deleted first (inside the same transaction).
 */
export async function seedCatalog(db: Database, options: SeedCatalogOptions): Promise<SeedResult> {
  const started = performance.now();
  const seed = options.seed ?? DEFAULT_SEED;
  const whenNotEmpty = options.whenNotEmpty ?? 'refuse';
  return db.transaction(async (tx): Promise<SeedResult> => {
    // Serialises concurrent seeders: the second waits, then finds products and skips or refuses.
    await tx.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK_KEY})`);
    if (whenNotEmpty === 'reset') {
      // DELETE, not TRUNCATE: products cascade to variants, prices and stock, and a catalog
      // that orders still reserve stock from is refused by the reservations' foreign key.
      await tx.execute(sql`delete from products`);
      await tx.execute(sql`delete from categories`);
    } else {
      const existing = await countProducts(tx);
      if (existing > 0 && whenNotEmpty === 'skip') return { status: 'skipped', existingProducts: existing };
      if (existing > 0) return { status: 'refused', existingProducts: existing };
    }
    await insertCheckoutDefaults(tx);
    const plan = planCategories(seed);
    const categoryIds = await insertCategories(tx, plan.rows);
    let done = 0;
    let variantCount = 0;
    let batch: GeneratedProduct[] = [];
    const flush = async () => {
      variantCount += await insertProducts(tx, batch, categoryIds);
      done += batch.length;
      batch = [];
      options.onProgress?.({ done, total: options.products, variants: variantCount });
    };
    for (const product of generateProducts(seed, options.products, plan.leaves)) {
      batch.push(product);
      if (batch.length === PRODUCTS_PER_BATCH) await flush();
    }
    if (batch.length > 0 || done === 0) await flush();
    return {
      status: 'seeded',
      categories: plan.rows.length,
      products: done,
      variants: variantCount,
      elapsedMs: Math.round(performance.now() - started),
    };
  });
}
