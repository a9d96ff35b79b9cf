/** Builds one demo product, its variants, prices and stock from a seeded stream. */
import { newId } from '../../contract/ids';
import type { inventoryLevels, products, variantPrices, variants } from '../schema';
import { charmPrice, eurFromUsd } from './pricing';
import { chance, pick, type Rng, randomInt, sampleInOrder } from './prng';
import { CLOSINGS, fill, pickWords, type Theme } from './theme';
import { planVariants } from './variant-options';

export type ProductRow = typeof products.$inferInsert;
export type VariantRow = typeof variants.$inferInsert;
export type PriceRow = typeof variantPrices.$inferInsert;
export type InventoryRow = typeof inventoryLevels.$inferInsert;

export interface GeneratedVariant {
  variant: VariantRow;
  prices: PriceRow[];
  inventory: InventoryRow;
}

export interface GeneratedProduct {
  product: ProductRow;
  variants: GeneratedVariant[];
}

export interface ProductInput {
  rng: Rng;
  /** Ordinal in the catalog; makes SKUs unique across products. */
  index: number;
  categoryId: string;
  theme: Theme;
  /** Creation time in epoch ms; also the time part of the ids, so ids sort in creation order. */
  createdAt: number;
  /** Reserves a unique slug for a title's base slug. */
  claimSlug: (base: string) => string;
}

/** URL-safe slug: "Alder & Finch Relaxed Linen Shirt" → "alder-and-finch-relaxed-linen-shirt". */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f'’]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Placeholder image URLs; only data, never fetched by the seed. */
export function imageUrls(slug: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `https://picsum.photos/seed/${slug}-${i + 1}/800/800`);
}

function drawStatus(rng: Rng): ProductRow['status'] {
  const r = rng();
  if (r < 0.97) return 'active';
  return r < 0.99 ? 'draft' : 'archived';
}

/**
 * One product with 1–6 variants, each priced in USD and EUR and stocked 0–200. Draw order from
 * `rng` is fixed, so the same stream always yields the same product.
 */
export function generateProduct(input: ProductInput): GeneratedProduct {
  const { rng, theme } = input;
  const at = new Date(input.createdAt);
  const words = pickWords(rng, theme.words);
  const title = fill(pick(rng, theme.titles), words);
  const sentences = sampleInOrder(rng, theme.descriptions, randomInt(rng, 2, Math.min(3, theme.descriptions.length)));
  const description = [...sentences.map((s) => fill(s, words)), pick(rng, CLOSINGS)].filter(Boolean).join(' ');
  const slug = input.claimSlug(slugify(title));
  const product: ProductRow = {
    id: newId('prod', input.createdAt, rng),
    slug,
    title,
    description,
    status: drawStatus(rng),
    categoryId: input.categoryId,
    images: imageUrls(slug, randomInt(rng, 1, 4)),
    createdAt: at,
    updatedAt: at,
  };
  const basePrice = charmPrice(rng, theme.price[0], theme.price[1]);
  const skuBase = `${theme.sku}-${String(input.index + 1).padStart(6, '0')}`;
  const generated = planVariants(rng, theme.axes).map((plan, position): GeneratedVariant => {
    const id = newId('var', input.createdAt, rng);
    const usd = basePrice + plan.priceOffset;
    // Roughly one variant in twelve is sold out, so storefronts show out-of-stock states.
    const onHand = chance(rng, 0.08) ? 0 : randomInt(rng, 1, 200);
    return {
      variant: {
        id,
        productId: product.id,
        sku: `${skuBase}-${plan.skuSuffix}`,
        title: plan.title,
        options: plan.options,
        position,
        status: 'active',
        createdAt: at,
        updatedAt: at,
      },
      prices: [
        { variantId: id, currency: 'USD', amount: usd, updatedAt: at },
        { variantId: id, currency: 'EUR', amount: eurFromUsd(usd), updatedAt: at },
      ],
      inventory: { variantId: id, onHand, reserved: 0, updatedAt: at },
    };
  });
  return { product, variants: generated };
}
