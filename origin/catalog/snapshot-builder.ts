/**
 * Pure mapping from a product aggregate to what the edge publishes. Only active products and
 * active variants with a price in the store currency are sellable; anything else yields null
 * (the edge then forgets the product).
 */

import type { ProductSnapshot, RatingSummary, VariantLookup, VariantSnapshot } from '../../contract/catalog';
import type { ProductAggregate } from './product-loader';

/** A product nobody has reviewed (yet). */
export const NO_RATING: RatingSummary = { average: 0, count: 0 };

export function buildSnapshot(
  product: ProductAggregate,
  currency: string,
  rating: RatingSummary = NO_RATING,
  builtAt = new Date(),
): ProductSnapshot | null {
  if (product.status !== 'active') return null;
  const variants: VariantSnapshot[] = [];
  for (const v of product.variants) {
    const amount = v.prices[currency];
    if (v.status !== 'active' || amount === undefined) continue;
    const availableQuantity = Math.max(0, v.stock.available);
    variants.push({
      id: v.id,
      sku: v.sku,
      title: v.title,
      options: v.options,
      price: { amount, currency },
      available: availableQuantity > 0,
      availableQuantity,
    });
  }
  if (variants.length === 0) return null;
  const lowest = variants.reduce((min, v) => (v.price.amount < min.price.amount ? v : min));
  return {
    id: product.id,
    slug: product.slug,
    title: product.title,
    price: lowest.price,
    image: product.images[0] ?? null,
    rating,
    description: product.description,
    images: product.images,
    categoryId: product.categoryId,
    variants,
    builtAt: builtAt.toISOString(),
  };
}

/** The cart's view of one variant of a published product. */
export function variantLookup(snapshot: ProductSnapshot, variantId: string): VariantLookup | null {
  const v = snapshot.variants.find((x) => x.id === variantId);
  if (!v) return null;
  return {
    variantId: v.id,
    productId: snapshot.id,
    productSlug: snapshot.slug,
    title: `${snapshot.title} — ${v.title}`,
    sku: v.sku,
    price: v.price,
    availableQuantity: v.availableQuantity,
  };
}
