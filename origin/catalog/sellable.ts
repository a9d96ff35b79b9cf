/** What checkout needs from the catalog: the current, sellable state of some variants. */
import { and, eq, inArray } from 'drizzle-orm';
import { products, variantPrices, variants } from '../../db/schema/catalog';
import type { Writer } from '../platform/outbox/outbox';

export interface SellableVariant {
  variantId: string;
  productId: string;
  sku: string;
  title: string;
  /** Minor units of the asked currency. */
  unitPrice: number;
}

/**
 * Active variants of active products that have a price in `currency`, by id. Variants that
 * are missing here cannot be sold (archived, drafted, unpriced or unknown).
 */
export async function sellableVariants(
  tx: Writer,
  variantIds: string[],
  currency: string,
): Promise<Map<string, SellableVariant>> {
  if (variantIds.length === 0) return new Map();
  const rows = await tx
    .select({
      variantId: variants.id,
      productId: variants.productId,
      sku: variants.sku,
      variantTitle: variants.title,
      productTitle: products.title,
      unitPrice: variantPrices.amount,
    })
    .from(variants)
    .innerJoin(products, eq(products.id, variants.productId))
    .innerJoin(variantPrices, and(eq(variantPrices.variantId, variants.id), eq(variantPrices.currency, currency)))
    .where(and(inArray(variants.id, variantIds), eq(variants.status, 'active'), eq(products.status, 'active')));
  return new Map(
    rows.map((r) => [
      r.variantId,
      {
        variantId: r.variantId,
        productId: r.productId,
        sku: r.sku,
        title: `${r.productTitle} — ${r.variantTitle}`,
        unitPrice: r.unitPrice,
      },
    ]),
  );
}
