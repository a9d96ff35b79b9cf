/**
 * Shopper-facing catalog reads (served to the edge on the internal endpoints), cache-aside
 * through the cache port. Keys: `catalog:product:<slug>`, and list pages under the current
 * `catalog:list-version`, which the publisher bumps on every change.
 */
import { and, asc, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Category, ProductPage, ProductSnapshot, ProductSummary, VariantLookup } from '../../contract/catalog';
import type { Database } from '../../db/client';
import { categories, products, variants } from '../../db/schema/catalog';
import { type CachePort, cached } from '../platform/cache/cache-port';
import type { OriginContext } from '../platform/context';
import { encodeCursor } from '../platform/cursor';
import { searchTerms } from './list-query';
import { type CatalogNeighbours, catalogNeighbours } from './neighbours';
import { loadProducts } from './product-loader';
import { buildSnapshot, NO_RATING, variantLookup } from './snapshot-builder';

export interface CatalogReadDeps {
  db: Database;
  cache: CachePort;
  currency: string;
  ttlSeconds: number;
  neighbours: CatalogNeighbours;
}

/** What the shopper-facing reads use: the reader (the replica when there is one), the cache. */
export function catalogReads(ctx: OriginContext): CatalogReadDeps {
  return {
    db: ctx.reader,
    cache: ctx.cache,
    currency: ctx.config.storeCurrency,
    ttlSeconds: ctx.config.catalogCacheTtlSeconds,
    neighbours: catalogNeighbours(ctx),
  };
}

export interface ListFilter {
  category?: string;
  q?: string;
  /** Decoded cursor: list products with an id before this one. */
  afterId?: string;
  limit: number;
}

export const cacheKeys = {
  product: (slug: string) => `catalog:product:${slug}`,
  listVersion: 'catalog:list-version',
  categories: 'catalog:categories',
};

/** Snapshots of the given product ids, built fresh from the database (null when not sellable). */
export async function buildSnapshots(
  deps: { db: Database; currency: string; neighbours: CatalogNeighbours },
  ids: string[],
) {
  const { db, currency, neighbours } = deps;
  const aggregates = await loadProducts(db, ids, neighbours.stockOf);
  const ratings = await neighbours.ratingsOf(ids);
  return aggregates.map((p) => ({ product: p, snapshot: buildSnapshot(p, currency, ratings.get(p.id)) }));
}

export function getProductSnapshot(deps: CatalogReadDeps, slug: string): Promise<ProductSnapshot | null> {
  return cached(deps.cache, cacheKeys.product(slug), deps.ttlSeconds, async () => {
    const row = await deps.db.select({ id: products.id }).from(products).where(eq(products.slug, slug));
    if (!row[0]) return null;
    const [built] = await buildSnapshots(deps, [row[0].id]);
    return built?.snapshot ?? null;
  });
}

export async function getVariantLookup(deps: CatalogReadDeps, variantId: string): Promise<VariantLookup | null> {
  const row = await deps.db
    .select({ slug: products.slug })
    .from(variants)
    .innerJoin(products, eq(products.id, variants.productId))
    .where(eq(variants.id, variantId));
  if (!row[0]) return null;
  const snapshot = await getProductSnapshot(deps, row[0].slug);
  return snapshot ? variantLookup(snapshot, variantId) : null;
}

export function listCategories(deps: CatalogReadDeps): Promise<Category[]> {
  return cached(deps.cache, cacheKeys.categories, deps.ttlSeconds, () =>
    deps.db
      .select({ id: categories.id, slug: categories.slug, name: categories.name, parentId: categories.parentId })
      .from(categories)
      .orderBy(asc(categories.position), asc(categories.name)),
  ).then((items) => items ?? []);
}

/** Lists are cached per filter under the current list version, so one increment drops them all. */
export async function listProducts(deps: CatalogReadDeps, filter: ListFilter): Promise<ProductPage> {
  const version = (await deps.cache.get<number>(cacheKeys.listVersion).catch(() => null)) ?? 0;
  const key = `catalog:list:${version}:${filter.category ?? ''}:${filter.q ?? ''}:${filter.afterId ?? ''}:${filter.limit}`;
  const page = await cached(deps.cache, key, deps.ttlSeconds, () => queryProductPage(deps, filter));
  return page ?? { items: [], nextCursor: null };
}

async function queryProductPage(deps: CatalogReadDeps, filter: ListFilter): Promise<ProductPage> {
  // Qualified by hand: drizzle renders a column unqualified inside a select list, which would bind to `v`.
  const minPrice = sql<number | null>`(
    select min(vp.amount) from variants v
    join variant_prices vp on vp.variant_id = v.id and vp.currency = ${deps.currency}
    where v.product_id = "products"."id" and v.status = 'active')`;
  const conditions = [eq(products.status, 'active'), sql`${minPrice} is not null`];
  if (filter.afterId) conditions.push(lt(products.id, filter.afterId));
  if (filter.category) {
    const tree = sql`(with recursive tree as (
        select id from categories where slug = ${filter.category}
        union all select c.id from categories c join tree t on c.parent_id = t.id)
      select id from tree)`;
    conditions.push(inArray(products.categoryId, tree));
  }
  const terms = filter.q ? searchTerms(filter.q) : null;
  if (terms) conditions.push(sql`${products.search} @@ to_tsquery('simple', ${terms})`);

  const rows = await deps.db
    .select({ id: products.id, slug: products.slug, title: products.title, images: products.images, price: minPrice })
    .from(products)
    .where(and(...conditions))
    .orderBy(desc(products.id))
    .limit(filter.limit + 1);
  const page = rows.slice(0, filter.limit);
  const ratings = await deps.neighbours.ratingsOf(page.map((r) => r.id));
  const items: ProductSummary[] = page.map((r) => ({
    id: r.id,
    slug: r.slug,
    title: r.title,
    price: { amount: Number(r.price), currency: deps.currency },
    image: r.images[0] ?? null,
    rating: ratings.get(r.id) ?? NO_RATING,
  }));
  const last = items.at(-1);
  return { items, nextCursor: rows.length > filter.limit && last ? encodeCursor(last.id) : null };
}
