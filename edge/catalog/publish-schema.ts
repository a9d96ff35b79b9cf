import { z } from 'zod';
import { SLUG_PATTERN } from './slug';

const id = z.string().min(1).max(200);
const money = z.object({ amount: z.int(), currency: z.string().regex(/^[A-Z]{3}$/) });
const timestamp = z.string().refine((s) => Number.isFinite(Date.parse(s)), 'must be an ISO 8601 timestamp');

// Snapshots are loose so that fields the origin adds later are stored and served without an
// edge release; the public views pick their fields explicitly, so nothing internal leaks.
const variantSnapshot = z.looseObject({
  id,
  sku: z.string(),
  title: z.string(),
  options: z.record(z.string(), z.string()),
  price: money,
  available: z.boolean(),
  availableQuantity: z.int().min(0),
});

const productSnapshot = z.looseObject({
  id,
  slug: z.string().regex(SLUG_PATTERN, 'must be a URL slug'),
  title: z.string(),
  price: money,
  image: z.string().nullable(),
  rating: z.object({ average: z.number().min(0), count: z.int().min(0) }),
  description: z.string(),
  images: z.array(z.string()),
  categoryId: id.nullable(),
  variants: z.array(variantSnapshot),
  builtAt: timestamp,
});

const category = z.object({ id, slug: z.string().min(1).max(200), name: z.string(), parentId: id.nullable() });

/** Body of `POST /internal/catalog/publish` (`PublishPayload` of contract/catalog.ts). */
export const publishPayloadSchema = z.object({
  products: z.array(productSnapshot),
  removedSlugs: z.array(z.string().min(1).max(200)),
  removedVariantIds: z.array(id),
  categories: z.array(category).optional(),
});
