import type { Category, ProductPage, ProductSnapshot, ProductSummary } from '../../contract/catalog';

/**
 * Public shapes of the shopper API (docs/api.md), copied field by field so an internal field added to a snapshot
 * (stock hints, build times) never leaks to shoppers by accident.
 */
export function toPublicSummary(p: ProductSummary): ProductSummary {
  return { id: p.id, slug: p.slug, title: p.title, price: p.price, image: p.image, rating: p.rating };
}

export function toPublicPage(page: ProductPage): ProductPage {
  return { items: page.items.map(toPublicSummary), nextCursor: page.nextCursor ?? null };
}

export function toPublicCategories(categories: Category[]): { items: Category[] } {
  return {
    items: categories.map((c) => ({ id: c.id, slug: c.slug, name: c.name, parentId: c.parentId ?? null })),
  };
}

/** Public view of a snapshot: the shopper API's `Product`. */
export function toPublicProduct(p: ProductSnapshot) {
  return {
    id: p.id,
    slug: p.slug,
    title: p.title,
    price: p.price,
    image: p.image,
    rating: p.rating,
    description: p.description,
    images: p.images,
    categoryId: p.categoryId,
    variants: p.variants.map((v) => ({
      id: v.id,
      sku: v.sku,
      title: v.title,
      options: v.options,
      price: v.price,
      available: v.available,
    })),
  };
}

export type PublicProduct = ReturnType<typeof toPublicProduct>;
