/** Pure mapping from aggregates to the admin API's product and variant views. */
import type { AdminProduct, AdminVariant } from './catalog.schemas';
import type { ProductAggregate, VariantAggregate } from './product-loader';

export function toAdminVariant(v: VariantAggregate, currency: string): AdminVariant {
  const amount = v.prices[currency];
  return {
    id: v.id,
    productId: v.productId,
    sku: v.sku,
    title: v.title,
    options: v.options,
    position: v.position,
    status: v.status,
    price: amount === undefined ? null : { amount, currency },
    prices: Object.entries(v.prices)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([cur, amt]) => ({ amount: amt, currency: cur })),
    inventory: v.stock,
    createdAt: v.createdAt.toISOString(),
    updatedAt: v.updatedAt.toISOString(),
  };
}

export function toAdminProduct(p: ProductAggregate, currency: string): AdminProduct {
  return {
    id: p.id,
    slug: p.slug,
    title: p.title,
    description: p.description,
    status: p.status,
    categoryId: p.categoryId,
    images: p.images,
    variants: p.variants.map((v) => toAdminVariant(v, currency)),
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

/** A URL slug from a title: `Linen Shirt — Blue!` → `linen-shirt-blue`. */
export function slugify(title: string): string {
  const s = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100)
    .replace(/-+$/, '');
  return s || 'product';
}
