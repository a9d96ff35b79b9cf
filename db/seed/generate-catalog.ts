/**
 * The demo catalog as pure data: a seed and a product count in, rows out. No clock, no
 * `Math.random`, no I/O, so the same seed yields byte-identical rows (ids included) and tests
 * can compare whole catalogs.
 */
import { newId } from '../../contract/ids';
import type { categories } from '../schema';
import { CATEGORY_TREE, type CategorySpec } from './category-tree';
import { type GeneratedProduct, generateProduct } from './generate-product';
import { mixSeed, mulberry32, pick, randomInt } from './prng';
import type { Theme } from './theme';

export type CategoryRow = typeof categories.$inferInsert;

/** The fixed "now" of the demo store: product i is created about 5 minutes after product i-1. */
export const SEED_EPOCH = Date.UTC(2025, 0, 1);
const PRODUCT_SPACING_MS = 5 * 60_000;

export interface Leaf {
  id: string;
  theme: Theme;
}

export interface CategoryPlan {
  /** Parents before children, so they insert in order. */
  rows: CategoryRow[];
  leaves: Leaf[];
}

/** The category tree with seeded ids; stream 0 of the seed. */
export function planCategories(seed: number): CategoryPlan {
  const rng = mulberry32(mixSeed(seed, 0));
  const rows: CategoryRow[] = [];
  const leaves: Leaf[] = [];
  let tick = 0;
  const visit = (specs: readonly CategorySpec[], parentId: string | null) => {
    specs.forEach((spec, position) => {
      const at = SEED_EPOCH - 86_400_000 + 1000 * tick++;
      const id = newId('cat', at, rng);
      rows.push({
        id,
        slug: spec.slug,
        name: spec.name,
        parentId,
        position,
        createdAt: new Date(at),
        updatedAt: new Date(at),
      });
      if (spec.theme) leaves.push({ id, theme: spec.theme });
      if (spec.children) visit(spec.children, id);
    });
  };
  visit(CATEGORY_TREE, null);
  return { rows, leaves };
}

/** Hands out unique slugs, appending -2, -3… when two titles slugify alike. */
export function createSlugRegistry(): (base: string) => string {
  const used = new Set<string>();
  const counters = new Map<string, number>();
  return (base) => {
    let n = counters.get(base) ?? 1;
    let slug = n === 1 ? base : `${base}-${n}`;
    while (used.has(slug)) slug = `${base}-${++n}`;
    counters.set(base, n);
    used.add(slug);
    return slug;
  };
}

/**
 * Products 0..count-1, lazily. Product i draws from its own stream (seed, i + 1), so a smaller
 * count yields a prefix of a larger one and memory stays flat however many are asked for.
 */
export function* generateProducts(seed: number, count: number, leaves: readonly Leaf[]): Generator<GeneratedProduct> {
  const claimSlug = createSlugRegistry();
  for (let index = 0; index < count; index++) {
    const rng = mulberry32(mixSeed(seed, index + 1));
    const leaf = pick(rng, leaves);
    const createdAt = SEED_EPOCH + index * PRODUCT_SPACING_MS + randomInt(rng, 0, PRODUCT_SPACING_MS - 1);
    yield generateProduct({ rng, index, categoryId: leaf.id, theme: leaf.theme, createdAt, claimSlug });
  }
}

export interface Catalog {
  categories: CategoryRow[];
  products: GeneratedProduct[];
}

/** The whole catalog in memory; convenient for tests and small seeds. */
export function generateCatalog(options: { seed: number; products: number }): Catalog {
  const plan = planCategories(options.seed);
  return { categories: plan.rows, products: [...generateProducts(options.seed, options.products, plan.leaves)] };
}
