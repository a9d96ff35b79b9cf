/**
 * The catalog as the edge sees it. The origin builds these shapes from the database and
 * publishes them to the edge (KV) or serves them on its internal read endpoints; the edge
 * imports this file for its types only. Public responses are these shapes minus the
 * fields marked internal.
 */
import { z } from 'zod';

/** Money in integer minor units of an ISO 4217 currency. */
export const MoneySchema = z
  .object({ amount: z.int().min(0), currency: z.string().regex(/^[A-Z]{3}$/) })
  .meta({ id: 'Money', description: 'An amount in integer minor units (cents) of an ISO 4217 currency' });
export type Money = z.infer<typeof MoneySchema>;

export const RatingSummarySchema = z
  .object({ average: z.number().min(0).max(5), count: z.int().min(0) })
  .meta({ id: 'RatingSummary' });
export type RatingSummary = z.infer<typeof RatingSummarySchema>;

/** `ProductSummary` of the shopper API (docs/api.md). */
export const ProductSummarySchema = z
  .object({
    id: z.string(),
    slug: z.string(),
    title: z.string(),
    /** The lowest active variant price in the store currency. */
    price: MoneySchema,
    image: z.string().nullable(),
    rating: RatingSummarySchema,
  })
  .meta({ id: 'ProductSummary' });
export type ProductSummary = z.infer<typeof ProductSummarySchema>;

/** A variant as shoppers see it. */
export const PublicVariantSchema = z
  .object({
    id: z.string(),
    sku: z.string(),
    title: z.string(),
    options: z.record(z.string(), z.string()),
    price: MoneySchema,
    available: z.boolean(),
  })
  .meta({ id: 'Variant' });

/** A variant as published to the edge. */
export const VariantSnapshotSchema = PublicVariantSchema.extend({
  /** Internal: units available to sell when the snapshot was built (a hint; the origin decides at checkout). */
  availableQuantity: z.int(),
});
export type VariantSnapshot = z.infer<typeof VariantSnapshotSchema>;

/** `Product` of the shopper API (docs/api.md): what shoppers see of a product. */
export const PublicProductSchema = ProductSummarySchema.extend({
  description: z.string(),
  images: z.array(z.string()),
  categoryId: z.string().nullable(),
  variants: z.array(PublicVariantSchema),
}).meta({ id: 'Product' });
export type PublicProduct = z.infer<typeof PublicProductSchema>;

/** `Product` of the shopper API (docs/api.md) plus internal fields. */
export const ProductSnapshotSchema = ProductSummarySchema.extend({
  description: z.string(),
  images: z.array(z.string()),
  categoryId: z.string().nullable(),
  variants: z.array(VariantSnapshotSchema),
  /** Internal: when the snapshot was built (ISO 8601); lets the edge ignore an older publish. */
  builtAt: z.string(),
});
export type ProductSnapshot = z.infer<typeof ProductSnapshotSchema>;

/** What the edge's cart needs to price and check one variant. */
export const VariantLookupSchema = z.object({
  variantId: z.string(),
  productId: z.string(),
  productSlug: z.string(),
  /** "Product title — Variant title", as a cart line shows it. */
  title: z.string(),
  sku: z.string(),
  price: MoneySchema,
  availableQuantity: z.int(),
  /** When the snapshot it comes from was built (ISO 8601); absent on the origin's own reads. */
  builtAt: z.string().optional(),
});
export type VariantLookup = z.infer<typeof VariantLookupSchema>;

export const CategorySchema = z
  .object({ id: z.string(), slug: z.string(), name: z.string(), parentId: z.string().nullable() })
  .meta({ id: 'Category' });
export type Category = z.infer<typeof CategorySchema>;

export const CategoryListSchema = z.object({ items: z.array(CategorySchema) }).meta({ id: 'CategoryList' });

export const ProductPageSchema = z
  .object({ items: z.array(ProductSummarySchema), nextCursor: z.string().nullable() })
  .meta({ id: 'ProductPage' });
export type ProductPage = z.infer<typeof ProductPageSchema>;

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

/**
 * The outbox topic asking the origin's catalog publisher to publish the whole catalog to the
 * edge: written when the origin starts and after a seed (`npm run seed`).
 */
export const CATALOG_REPUBLISH_TOPIC = 'catalog.republish.requested';

/** The internal read endpoints of the origin, relative to its base URL. */
export const internalPaths = {
  products: '/internal/catalog/products',
  product: (slug: string) => `/internal/catalog/products/${encodeURIComponent(slug)}`,
  variant: (id: string) => `/internal/catalog/variants/${encodeURIComponent(id)}`,
  categories: '/internal/catalog/categories',
  /** On the edge. */
  publish: '/internal/catalog/publish',
} as const;
