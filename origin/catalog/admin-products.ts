/**
 * Merchant product management. Every change commits together with a `catalog.product.changed`
 * outbox event, which the publisher turns into a fresh edge snapshot.
 */
import { and, desc, eq, ilike, lt, type SQL } from 'drizzle-orm';
import { newId } from '../../contract/ids';
import { categories, products, variantPrices, variants } from '../../db/schema/catalog';
import { InventoryTopics, inventoryService } from '../inventory';
import type { OriginContext, Tx } from '../platform/context';
import { decodeCursor, encodeCursor } from '../platform/cursor';
import { uniqueViolation } from '../platform/db-errors';
import { enqueue } from '../platform/outbox/outbox';
import { err, ok, type Result } from '../platform/result';
import { serviceClient } from '../platform/rpc';
import { slugify, toAdminProduct } from './admin-views';
import type { AdminProduct, NewProduct, NewVariant, ProductPatch } from './catalog.schemas';
import { productChanged } from './events';
import { catalogNeighbours } from './neighbours';
import { loadProducts } from './product-loader';

export type CatalogWriteError = 'product_not_found' | 'category_not_found' | 'slug_taken' | 'sku_taken';

/**
 * Runs a catalog write in one transaction. A unique-constraint violation (another product has
 * the slug, another variant the SKU) aborts the transaction in PostgreSQL, so it is mapped
 * here, outside it, to the conflict the merchant should see.
 */
export async function catalogWrite<T, E extends string>(
  ctx: OriginContext,
  fn: (tx: Tx) => Promise<Result<T, E>>,
): Promise<Result<T, E | 'slug_taken' | 'sku_taken'>> {
  try {
    return await ctx.transaction(fn);
  } catch (e) {
    const constraint = uniqueViolation(e);
    if (constraint === null) throw e;
    if (constraint.includes('sku')) return err('sku_taken', 'Another variant already uses this SKU');
    return err('slug_taken', 'Another product already uses this slug');
  }
}

async function categoryExists(tx: Tx, id: string | null | undefined): Promise<boolean> {
  if (!id) return true;
  const row = await tx.select({ id: categories.id }).from(categories).where(eq(categories.id, id));
  return row.length > 0;
}

export type InitialStock = { variantId: string; onHand: number }[];

/**
 * Inserts variants with their prices (inside the caller's transaction) and asks inventory, in
 * the same transaction, for their first stock rows (an event); returns their ids and the stock
 * to create at once after the commit (`createStock`).
 */
export async function insertVariants(tx: Tx, productId: string, input: NewVariant[], firstPosition = 0) {
  if (input.length === 0) return { ids: [] as string[], stock: [] as InitialStock };
  const rows = input.map((v, i) => ({
    id: newId('var'),
    productId,
    sku: v.sku,
    title: v.title,
    options: v.options ?? {},
    position: v.position ?? firstPosition + i,
  }));
  await tx.insert(variants).values(rows);
  const prices = input.flatMap((v, i) =>
    v.prices.map((p) => ({ variantId: rows[i]?.id as string, currency: p.currency, amount: p.amount })),
  );
  if (prices.length > 0) await tx.insert(variantPrices).values(prices);
  const stock = rows.map((r, i) => ({ variantId: r.id, onHand: input[i]?.stock ?? 0 }));
  await enqueue(tx, {
    topic: InventoryTopics.initialStockRequested,
    aggregateId: productId,
    payload: { levels: stock },
  });
  return { ids: rows.map((r) => r.id), stock };
}

/**
 * Creates the first stock rows of new variants right after their commit, through inventory's
 * service (in-process, or remote). If that fails the event written with the variants does it
 * later, so the product still gets its stock; this only makes it immediate.
 */
export async function createStock(ctx: OriginContext, stock: InitialStock): Promise<void> {
  if (stock.length === 0) return;
  try {
    await serviceClient(ctx, inventoryService).initStock({ levels: stock });
  } catch (e) {
    ctx.log.warn('initial stock deferred to the queue', { error: e instanceof Error ? e.message : String(e) });
  }
}

export async function getAdminProduct(
  ctx: OriginContext,
  id: string,
): Promise<Result<AdminProduct, 'product_not_found'>> {
  const [product] = await loadProducts(ctx.db, [id], catalogNeighbours(ctx).stockOf);
  return product ? ok(toAdminProduct(product, ctx.config.storeCurrency)) : err('product_not_found', `No product ${id}`);
}

export async function createProduct(
  ctx: OriginContext,
  input: NewProduct,
): Promise<Result<AdminProduct, CatalogWriteError>> {
  const skus = input.variants.map((v) => v.sku);
  if (new Set(skus).size !== skus.length) return err('sku_taken', 'Two variants in the request share a SKU');
  const id = newId('prod');
  const outcome = await catalogWrite(ctx, async (tx): Promise<Result<InitialStock, CatalogWriteError>> => {
    if (!(await categoryExists(tx, input.categoryId))) return err('category_not_found', 'No such category');
    let slug = input.slug ?? slugify(input.title);
    if (!input.slug && (await tx.select({ id: products.id }).from(products).where(eq(products.slug, slug))).length) {
      slug = `${slug}-${id.slice(-6).toLowerCase()}`;
    }
    await tx.insert(products).values({
      id,
      slug,
      title: input.title,
      description: input.description,
      status: input.status,
      categoryId: input.categoryId ?? null,
      images: input.images,
    });
    const { stock } = await insertVariants(tx, id, input.variants);
    await productChanged(tx, id);
    return ok(stock);
  });
  if (!outcome.ok) return outcome;
  await createStock(ctx, outcome.value);
  return getAdminProduct(ctx, id);
}

export async function updateProduct(
  ctx: OriginContext,
  id: string,
  patch: ProductPatch,
): Promise<Result<AdminProduct, CatalogWriteError>> {
  const outcome = await catalogWrite(ctx, async (tx): Promise<Result<null, CatalogWriteError>> => {
    const [current] = await tx.select({ slug: products.slug }).from(products).where(eq(products.id, id)).for('update');
    if (!current) return err('product_not_found', `No product ${id}`);
    if (!(await categoryExists(tx, patch.categoryId))) return err('category_not_found', 'No such category');
    await tx
      .update(products)
      .set({ ...patch, updatedAt: new Date() })
      .where(eq(products.id, id));
    const slugChanged = patch.slug !== undefined && patch.slug !== current.slug;
    await productChanged(tx, id, slugChanged ? current.slug : undefined);
    return ok(null);
  });
  if (!outcome.ok) return outcome;
  return getAdminProduct(ctx, id);
}

/** Archiving takes the product off the storefront but keeps it for past orders. */
export function archiveProduct(ctx: OriginContext, id: string) {
  return updateProduct(ctx, id, { status: 'archived' });
}

export interface AdminProductFilter {
  status?: 'draft' | 'active' | 'archived';
  categoryId?: string;
  q?: string;
  cursor?: string;
  limit: number;
}

export async function listAdminProducts(
  ctx: OriginContext,
  filter: AdminProductFilter,
): Promise<Result<{ items: AdminProduct[]; nextCursor: string | null }, 'invalid_cursor'>> {
  const conditions: SQL[] = [];
  if (filter.cursor) {
    const afterId = decodeCursor(filter.cursor);
    if (!afterId) return err('invalid_cursor', 'The cursor is malformed');
    conditions.push(lt(products.id, afterId));
  }
  if (filter.status) conditions.push(eq(products.status, filter.status));
  if (filter.categoryId) conditions.push(eq(products.categoryId, filter.categoryId));
  if (filter.q) conditions.push(ilike(products.title, `%${filter.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`));
  const rows = await ctx.db
    .select({ id: products.id })
    .from(products)
    .where(and(...conditions))
    .orderBy(desc(products.id))
    .limit(filter.limit + 1);
  const page = rows.slice(0, filter.limit).map((r) => r.id);
  const items = (await loadProducts(ctx.db, page, catalogNeighbours(ctx).stockOf)).map((p) =>
    toAdminProduct(p, ctx.config.storeCurrency),
  );
  const last = page.at(-1);
  return ok({ items, nextCursor: rows.length > filter.limit && last ? encodeCursor(last) : null });
}
