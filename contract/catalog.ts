/**
 * The catalog as the edge sees it. The origin builds these shapes from the database and
 * publishes them to the edge (KV) or serves them on its internal read endpoints; the edge
 * imports this file for its types only. Public responses are these shapes minus the
 * fields marked internal.
 */

/** Money in integer minor units of an ISO 4217 currency. */
export interface Money {
  amount: number;
  currency: string;
}

export interface RatingSummary {
  average: number;
  count: number;
}

/** `ProductSummary` of the shopper API (docs/api.md). */
export interface ProductSummary {
  id: string;
  slug: string;
  title: string;
  /** The lowest active variant price in the store currency. */
  price: Money;
  image: string | null;
  rating: RatingSummary;
}

/** A variant as published to the edge. */
export interface VariantSnapshot {
  id: string;
  sku: string;
  title: string;
  options: Record<string, string>;
  price: Money;
  available: boolean;
  /** Internal: units available to sell when the snapshot was built (a hint; the origin decides at checkout). */
  availableQuantity: number;
}

/** `Product` of the shopper API (docs/api.md) plus internal fields. */
export interface ProductSnapshot extends ProductSummary {
  description: string;
  images: string[];
  categoryId: string | null;
  variants: VariantSnapshot[];
  /** Internal: when the snapshot was built (ISO 8601); lets the edge ignore an older publish. */
  builtAt: string;
}

/** What the edge's cart needs to price and check one variant. */
export interface VariantLookup {
  variantId: string;
  productId: string;
  productSlug: string;
  /** "Product title — Variant title", as a cart line shows it. */
  title: string;
  sku: string;
  price: Money;
  availableQuantity: number;
}

export interface Category {
  id: string;
  slug: string;
  name: string;
  parentId: string | null;
}

export interface ProductPage {
  items: ProductSummary[];
  nextCursor: string | null;
}

/**
 * Body of `POST /internal/catalog/publish` on the edge (sent by the origin's outbox relay).
 * `products` replace their previous snapshots; `removedSlugs` are no longer sellable
 * (archived or deleted); `categories`, when present, replace the category list.
 * Every publish invalidates the cached product lists.
 */
export interface PublishPayload {
  products: ProductSnapshot[];
  removedSlugs: string[];
  removedVariantIds: string[];
  categories?: Category[];
}

/** The internal read endpoints of the origin, relative to its base URL. */
export const internalPaths = {
  products: '/internal/catalog/products',
  product: (slug: string) => `/internal/catalog/products/${encodeURIComponent(slug)}`,
  variant: (id: string) => `/internal/catalog/variants/${encodeURIComponent(id)}`,
  categories: '/internal/catalog/categories',
  /** On the edge. */
  publish: '/internal/catalog/publish',
} as const;
