import type { ProductSnapshot, PublishPayload, VariantLookup, VariantSnapshot } from '../../contract/catalog';
import { type CatalogIndex, updateIndex } from './catalog-index';
import { kvKeys } from './kv-keys';

/** Operations one Worker invocation may make against KV (a bulk read of ≤100 keys counts once). */
export const KV_OPERATIONS_PER_INVOCATION = 1_000;
const BULK_READ_KEYS = 100;

export interface PublishResult {
  /** The new `catalog:version`. */
  version: string;
  /** Slugs whose snapshot was written. */
  written: string[];
  /** Slugs ignored because KV already holds a newer snapshot. */
  skipped: string[];
  /** Keys deleted (removed products, their variants, removed variant ids). */
  deleted: number;
}

export interface PublishPlan {
  puts: Array<[key: string, value: string]>;
  deletes: string[];
  written: string[];
  skipped: string[];
}

/** The cart's view of one variant, derived from its product's snapshot. */
export function variantLookupOf(product: ProductSnapshot, variant: VariantSnapshot): VariantLookup {
  return {
    variantId: variant.id,
    productId: product.id,
    productSlug: product.slug,
    title: `${product.title} — ${variant.title}`,
    sku: variant.sku,
    price: variant.price,
    availableQuantity: variant.available ? Math.max(0, variant.availableQuantity) : 0,
    builtAt: product.builtAt,
  };
}

const builtAt = (p: ProductSnapshot) => Date.parse(p.builtAt);

/** The product keys whose stored snapshots `planPublish` needs. */
export function keysToRead(payload: PublishPayload): string[] {
  return [...new Set([...payload.products.map((p) => p.slug), ...payload.removedSlugs])].map(kvKeys.product);
}

/**
 * Pure: the KV writes that bring the edge to `payload`, given the stored snapshots. Within a
 * payload the newest snapshot per slug wins; a snapshot older than the stored one (an
 * out-of-order delivery) is skipped. Explicit removals beat writes of the same key, so the
 * parallel writes never race. Variants that vanished from a republished or removed product
 * are deleted unless this payload writes them.
 */
export function planPublish(payload: PublishPayload, stored: Map<string, ProductSnapshot | null>): PublishPlan {
  const removedSlugs = new Set(payload.removedSlugs);
  const removedVariants = new Set(payload.removedVariantIds);
  const latest = new Map<string, ProductSnapshot>();
  for (const p of payload.products) {
    const seen = latest.get(p.slug);
    if (!removedSlugs.has(p.slug) && (!seen || builtAt(p) >= builtAt(seen))) latest.set(p.slug, p);
  }

  const plan: PublishPlan = { puts: [], deletes: [], written: [], skipped: [] };
  const accepted: ProductSnapshot[] = [];
  for (const snapshot of latest.values()) {
    const current = stored.get(kvKeys.product(snapshot.slug));
    if (current && builtAt(current) > builtAt(snapshot)) plan.skipped.push(snapshot.slug);
    else accepted.push(snapshot);
  }

  const sellable = (v: VariantSnapshot) => !removedVariants.has(v.id);
  const writtenVariants = new Set(accepted.flatMap((p) => p.variants.filter(sellable).map((v) => v.id)));
  const deletes = new Set<string>();
  const dropOrphans = (previous: ProductSnapshot | null | undefined) => {
    for (const v of previous?.variants ?? []) if (!writtenVariants.has(v.id)) deletes.add(kvKeys.variant(v.id));
  };

  for (const snapshot of accepted) {
    const key = kvKeys.product(snapshot.slug);
    plan.puts.push([key, JSON.stringify(snapshot)]);
    for (const v of snapshot.variants.filter(sellable)) {
      plan.puts.push([kvKeys.variant(v.id), JSON.stringify(variantLookupOf(snapshot, v))]);
    }
    dropOrphans(stored.get(key));
    plan.written.push(snapshot.slug);
  }
  for (const slug of removedSlugs) {
    deletes.add(kvKeys.product(slug));
    dropOrphans(stored.get(kvKeys.product(slug)));
  }
  for (const id of removedVariants) deletes.add(kvKeys.variant(id));
  if (payload.categories) plan.puts.push([kvKeys.categories, JSON.stringify(payload.categories)]);

  plan.deletes = [...deletes];
  plan.written.sort();
  plan.skipped.sort();
  return plan;
}

/** KV operations a plan costs, on top of its bulk reads: its writes plus the version read and write. */
export function planOperations(plan: PublishPlan): number {
  return plan.puts.length + plan.deletes.length + 2;
}

export class PublishTooLargeError extends Error {
  constructor(readonly operations: number) {
    super(
      `This publish needs ${operations} KV operations and one request may make ${KV_OPERATIONS_PER_INVOCATION}: ` +
        'split it into smaller batches',
    );
    this.name = 'PublishTooLargeError';
  }
}

/** The index's read and write (catalog-index.ts). */
const INDEX_OPERATIONS = 2;

/**
 * Brings the catalog index up to date with a publish. KV has no compare-and-set, so two
 * publishes applied at the same moment may each lose the other's index change; the products
 * themselves are unaffected (their own keys), and the origin's whole-catalog publish on start
 * rewrites every entry.
 */
async function writeIndex(kv: KVNamespace, payload: PublishPayload, plan: PublishPlan): Promise<void> {
  const written = new Set(plan.written);
  const latest = new Map<string, ProductSnapshot>();
  for (const p of payload.products) {
    const seen = latest.get(p.slug);
    if (written.has(p.slug) && (!seen || builtAt(p) >= builtAt(seen))) latest.set(p.slug, p);
  }
  const index = await kv.get<CatalogIndex>(kvKeys.index, 'json');
  const next = updateIndex(index, [...latest.values()], payload.removedSlugs);
  await kv.put(kvKeys.index, JSON.stringify(next));
}

async function readStored(kv: KVNamespace, keys: string[]): Promise<Map<string, ProductSnapshot | null>> {
  const stored = new Map<string, ProductSnapshot | null>();
  for (let i = 0; i < keys.length; i += BULK_READ_KEYS) {
    const chunk = await kv.get<ProductSnapshot>(keys.slice(i, i + BULK_READ_KEYS), 'json');
    for (const [key, value] of chunk) stored.set(key, value);
  }
  return stored;
}

// KV has no compare-and-set: two concurrent publishes may read the same version. Flooring
// the next value at the current time keeps versions distinct and increasing anyway.
async function bumpVersion(kv: KVNamespace): Promise<string> {
  const current = Number((await kv.get(kvKeys.version)) ?? '0');
  const next = Math.max((Number.isSafeInteger(current) ? current : 0) + 1, Date.now());
  await kv.put(kvKeys.version, String(next));
  return String(next);
}

/**
 * Applies a publish to KV. Idempotent: replaying a payload rewrites the same values. The whole
 * plan is costed before the first write, so a payload over the per-invocation KV budget is
 * refused (PublishTooLargeError) instead of being half-applied.
 */
export async function applyPublish(kv: KVNamespace, payload: PublishPayload): Promise<PublishResult> {
  const keys = keysToRead(payload);
  const plan = planPublish(payload, await readStored(kv, keys));
  const indexChanges = plan.written.length > 0 || payload.removedSlugs.length > 0;
  const operations =
    Math.ceil(keys.length / BULK_READ_KEYS) + planOperations(plan) + (indexChanges ? INDEX_OPERATIONS : 0);
  if (operations > KV_OPERATIONS_PER_INVOCATION) throw new PublishTooLargeError(operations);

  await Promise.all([
    ...plan.puts.map(([key, value]) => kv.put(key, value)),
    ...plan.deletes.map((key) => kv.delete(key)),
    ...(indexChanges ? [writeIndex(kv, payload, plan)] : []),
  ]);
  const version = await bumpVersion(kv);
  return { version, written: plan.written, skipped: plan.skipped, deleted: plan.deletes.length };
}
