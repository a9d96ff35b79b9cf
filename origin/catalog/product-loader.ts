/**
 * Loads whole product aggregates (product, variants, prices, stock) in four queries however
 * many products are asked for, for the admin views and the edge snapshots alike.
 */
import { asc, getTableColumns, inArray } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { products, variantPrices, variants } from '../../db/schema/catalog';
import type { StockLevel } from '../inventory';
import type { Writer } from '../platform/outbox/outbox';
import type { CatalogNeighbours } from './neighbours';

export type ProductRow = typeof products.$inferSelect;
export type VariantRow = typeof variants.$inferSelect;

export interface VariantAggregate extends VariantRow {
  /** Amount in minor units per currency. */
  prices: Record<string, number>;
  stock: StockLevel;
}

export interface ProductAggregate extends Omit<ProductRow, 'search'> {
  variants: VariantAggregate[];
}

const noStock = (variantId: string): StockLevel => ({ variantId, onHand: 0, reserved: 0, available: 0 });

/**
 * Aggregates for the given product ids, in the order of `ids`; unknown ids are skipped. Stock
 * comes from `stockOf` (inventory's levels, see neighbours.ts).
 */
export async function loadProducts(
  db: Database | Writer,
  ids: string[],
  stockOf: CatalogNeighbours['stockOf'],
): Promise<ProductAggregate[]> {
  if (ids.length === 0) return [];
  const { search: _search, ...productColumns } = getTableColumns(products);
  const productRows = await db.select(productColumns).from(products).where(inArray(products.id, ids));
  const variantRows = await db
    .select()
    .from(variants)
    .where(inArray(variants.productId, ids))
    .orderBy(asc(variants.productId), asc(variants.position), asc(variants.id));
  const variantIds = variantRows.map((v) => v.id);
  const priceRows = variantIds.length
    ? await db.select().from(variantPrices).where(inArray(variantPrices.variantId, variantIds))
    : [];
  const stock = await stockOf(variantIds);

  const pricesByVariant = new Map<string, Record<string, number>>();
  for (const p of priceRows) {
    const prices = pricesByVariant.get(p.variantId) ?? {};
    prices[p.currency] = p.amount;
    pricesByVariant.set(p.variantId, prices);
  }
  const variantsByProduct = new Map<string, VariantAggregate[]>();
  for (const v of variantRows) {
    const list = variantsByProduct.get(v.productId) ?? [];
    list.push({ ...v, prices: pricesByVariant.get(v.id) ?? {}, stock: stock.get(v.id) ?? noStock(v.id) });
    variantsByProduct.set(v.productId, list);
  }
  const byId = new Map(productRows.map((p) => [p.id, { ...p, variants: variantsByProduct.get(p.id) ?? [] }]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}
