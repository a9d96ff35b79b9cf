import type { Category, ProductPage, ProductSummary } from '../../origin/catalog/snapshot';

/**
 * Public shapes of API.md, copied field by field so an internal field added to a snapshot
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
