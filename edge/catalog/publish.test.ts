import { describe, expect, it } from 'vitest';
import type { ProductSnapshot } from '../../contract/catalog';
import { productFixture, publishPayload, variantFixture } from '../../test/edge/catalog-fixtures';
import { kvKeys } from './kv-keys';
import { keysToRead, planOperations, planPublish, variantLookupOf } from './publish';

describe('variantLookupOf', () => {
  it('names the line "product — variant" and carries price and stock', () => {
    const variant = variantFixture({ title: 'Large', price: { amount: 1800, currency: 'USD' }, availableQuantity: 7 });
    const product = productFixture({ title: 'Linen Tee', variants: [variant] });
    expect(variantLookupOf(product, variant)).toEqual({
      variantId: variant.id,
      productId: product.id,
      productSlug: product.slug,
      title: 'Linen Tee — Large',
      sku: variant.sku,
      price: { amount: 1800, currency: 'USD' },
      availableQuantity: 7,
      builtAt: product.builtAt,
    });
  });

  it('treats an unavailable variant as having no stock', () => {
    const variant = variantFixture({ available: false, availableQuantity: 4 });
    expect(variantLookupOf(productFixture({ variants: [variant] }), variant).availableQuantity).toBe(0);
  });
});

describe('planPublish', () => {
  const stored = (...snapshots: ProductSnapshot[]) => new Map(snapshots.map((s) => [kvKeys.product(s.slug), s]));
  const putKeys = (plan: ReturnType<typeof planPublish>) => plan.puts.map(([key]) => key);

  it('writes each product and one lookup per variant', () => {
    const product = productFixture({ variants: [variantFixture(), variantFixture()] });
    const plan = planPublish(publishPayload({ products: [product] }), new Map());
    expect(putKeys(plan)).toEqual([kvKeys.product(product.slug), ...product.variants.map((v) => kvKeys.variant(v.id))]);
    expect(plan.written).toEqual([product.slug]);
    expect(planOperations(plan)).toBe(3 + 2);
  });

  it('keeps the newest of two snapshots of one slug in the same payload', () => {
    const newer = productFixture({ title: 'New', builtAt: '2026-01-02T00:00:00Z' });
    const older = { ...newer, title: 'Old', builtAt: '2026-01-01T00:00:00Z' };
    const plan = planPublish(publishPayload({ products: [newer, older] }), new Map());
    expect(JSON.parse(plan.puts[0]?.[1] ?? '{}')).toMatchObject({ title: 'New' });
  });

  it('skips a snapshot older than the stored one and writes one of the same age', () => {
    const current = productFixture({ builtAt: '2026-01-02T00:00:00Z' });
    const older = { ...current, builtAt: '2026-01-01T00:00:00Z' };
    expect(planPublish(publishPayload({ products: [older] }), stored(current))).toMatchObject({
      puts: [],
      skipped: [current.slug],
    });
    expect(planPublish(publishPayload({ products: [current] }), stored(current)).written).toEqual([current.slug]);
  });

  it('deletes variants a republished or removed product no longer has', () => {
    const [a, b, c] = [variantFixture(), variantFixture(), variantFixture()];
    if (!a || !b || !c) throw new Error('fixtures');
    const product = productFixture({ variants: [a, b], builtAt: '2026-01-01T00:00:00Z' });
    const removed = productFixture({ variants: [c] });
    const plan = planPublish(
      publishPayload({
        products: [{ ...product, variants: [a], builtAt: '2026-01-02T00:00:00Z' }],
        removedSlugs: [removed.slug],
      }),
      stored(product, removed),
    );
    expect(plan.deletes.sort()).toEqual(
      [kvKeys.variant(b.id), kvKeys.product(removed.slug), kvKeys.variant(c.id)].sort(),
    );
  });

  it('lets explicit removals win over writes of the same key', () => {
    const [keep, drop] = [variantFixture(), variantFixture()];
    if (!keep || !drop) throw new Error('fixtures');
    const product = productFixture({ variants: [keep, drop] });
    const gone = productFixture();
    const plan = planPublish(
      publishPayload({ products: [product, gone], removedSlugs: [gone.slug], removedVariantIds: [drop.id] }),
      new Map(),
    );
    expect(putKeys(plan)).toEqual([kvKeys.product(product.slug), kvKeys.variant(keep.id)]);
    expect(plan.deletes).toEqual(expect.arrayContaining([kvKeys.product(gone.slug), kvKeys.variant(drop.id)]));
  });

  it('reads each product key once, written or removed', () => {
    const product = productFixture();
    expect(keysToRead(publishPayload({ products: [product, product], removedSlugs: [product.slug, 'x'] }))).toEqual([
      kvKeys.product(product.slug),
      kvKeys.product('x'),
    ]);
  });
});
