/**
 * The catalog's Workers KV layout, shared by the publish endpoint (writer) and the read
 * path (reader). Values are JSON except `catalog:version`, a decimal string.
 */
export const kvKeys = {
  /** `ProductSnapshot` */
  product: (slug: string) => `product:${slug}`,
  /** `VariantLookup` */
  variant: (id: string) => `variant:${id}`,
  /** `Category[]` */
  categories: 'categories',
  /** `CatalogIndex` (catalog-index.ts): every published product as list pages show it. */
  index: 'catalog:index',
  /** Bumped by every publish; list pages are keyed by it, so a bump orphans them all. */
  version: 'catalog:version',
  /** `ProductPage` for one normalized list query under one catalog version. */
  list: (version: string, normalizedQuery: string) => `list:${version}:${normalizedQuery}`,
} as const;

/** KV refuses keys over 512 bytes; such list pages skip L2 rather than fail. */
export const KV_MAX_KEY_BYTES = 512;

/** List pages are orphaned by version bumps, so they only need to outlive a burst of traffic. */
export const LIST_PAGE_TTL_SECONDS = 300;

/**
 * Entries written back after an origin read carry a TTL: if one races a publish and lands
 * after it, the stale copy heals itself instead of living until the next publish.
 */
export const WRITE_BACK_TTL_SECONDS = 300;
