/** Merchant variant and price management; each change republishes the variant's product. */
import { and, eq, max } from 'drizzle-orm';
import { products, variantPrices, variants } from '../../db/schema/catalog';
import type { OriginContext, Tx } from '../platform/context';
import { err, ok, type Result } from '../platform/result';
import { catalogWrite, createStock, type InitialStock, insertVariants } from './admin-products';
import { toAdminVariant } from './admin-views';
import type { AdminVariant, NewVariant, VariantPatch } from './catalog.schemas';
import { productChanged } from './events';
import { catalogNeighbours } from './neighbours';
import { loadProducts } from './product-loader';

type VariantError = 'variant_not_found' | 'product_not_found' | 'sku_taken' | 'slug_taken' | 'category_not_found';

export async function getAdminVariant(
  ctx: OriginContext,
  id: string,
): Promise<Result<AdminVariant, 'variant_not_found'>> {
  const row = await ctx.db.select({ productId: variants.productId }).from(variants).where(eq(variants.id, id));
  const productId = row[0]?.productId;
  const [product] = productId ? await loadProducts(ctx.db, [productId], catalogNeighbours(ctx).stockOf) : [];
  const variant = product?.variants.find((v) => v.id === id);
  return variant ? ok(toAdminVariant(variant, ctx.config.storeCurrency)) : err('variant_not_found', `No variant ${id}`);
}

/** Runs a change to one variant in a transaction, republishing its product; maps unique conflicts. */
async function changeVariant(
  ctx: OriginContext,
  id: string,
  change: (tx: Tx, productId: string) => Promise<void>,
): Promise<Result<AdminVariant, VariantError>> {
  const outcome = await catalogWrite(ctx, async (tx): Promise<Result<null, 'variant_not_found'>> => {
    const [row] = await tx
      .select({ productId: variants.productId })
      .from(variants)
      .where(eq(variants.id, id))
      .for('update');
    if (!row) return err('variant_not_found', `No variant ${id}`);
    await change(tx, row.productId);
    await productChanged(tx, row.productId);
    return ok(null);
  });
  if (!outcome.ok) return outcome;
  return getAdminVariant(ctx, id);
}

export async function addVariant(
  ctx: OriginContext,
  productId: string,
  input: NewVariant,
): Promise<Result<AdminVariant, VariantError>> {
  const outcome = await catalogWrite(
    ctx,
    async (tx): Promise<Result<{ ids: string[]; stock: InitialStock }, 'product_not_found'>> => {
      const [product] = await tx
        .select({ id: products.id })
        .from(products)
        .where(eq(products.id, productId))
        .for('update');
      if (!product) return err('product_not_found', `No product ${productId}`);
      const [last] = await tx
        .select({ position: max(variants.position) })
        .from(variants)
        .where(eq(variants.productId, productId));
      const inserted = await insertVariants(tx, productId, [input], (last?.position ?? -1) + 1);
      await productChanged(tx, productId);
      return ok(inserted);
    },
  );
  if (!outcome.ok) return outcome;
  await createStock(ctx, outcome.value.stock);
  return getAdminVariant(ctx, outcome.value.ids[0] as string);
}

/** Updates fields of a variant; `price` sets (or replaces) its price in that currency. */
export function updateVariant(ctx: OriginContext, id: string, patch: VariantPatch) {
  const { price, ...fields } = patch;
  return changeVariant(ctx, id, async (tx) => {
    if (Object.keys(fields).length > 0) {
      await tx
        .update(variants)
        .set({ ...fields, updatedAt: new Date() })
        .where(eq(variants.id, id));
    }
    if (price) {
      await tx
        .insert(variantPrices)
        .values({ variantId: id, currency: price.currency, amount: price.amount })
        .onConflictDoUpdate({
          target: [variantPrices.variantId, variantPrices.currency],
          set: { amount: price.amount, updatedAt: new Date() },
        });
    }
  });
}

/** Removes the price in one currency (the variant is then not sold in it). */
export function removeVariantPrice(ctx: OriginContext, id: string, currency: string) {
  return changeVariant(ctx, id, async (tx) => {
    await tx.delete(variantPrices).where(and(eq(variantPrices.variantId, id), eq(variantPrices.currency, currency)));
  });
}

export function archiveVariant(ctx: OriginContext, id: string) {
  return updateVariant(ctx, id, { status: 'archived' });
}
