import { describe, expect, it } from 'vitest';
import { generateCatalog } from './generate-catalog';

const catalog = generateCatalog({ seed: 7, products: 2000 });
const allVariants = catalog.products.flatMap((p) => p.variants);

describe('generateCatalog determinism', () => {
  it('yields byte-identical rows, ids included, for the same seed', () => {
    const a = generateCatalog({ seed: 123, products: 300 });
    const b = generateCatalog({ seed: 123, products: 300 });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it('yields a different catalog for a different seed', () => {
    const a = generateCatalog({ seed: 1, products: 50 });
    const b = generateCatalog({ seed: 2, products: 50 });
    expect(b.categories.map((c) => c.id)).not.toEqual(a.categories.map((c) => c.id));
    expect(b.products.map((p) => p.product.title)).not.toEqual(a.products.map((p) => p.product.title));
  });

  it('makes a smaller catalog the prefix of a larger one with the same seed', () => {
    const small = generateCatalog({ seed: 7, products: 100 });
    expect(JSON.stringify(small.products)).toBe(JSON.stringify(catalog.products.slice(0, 100)));
  });
});

describe('generateCatalog shape', () => {
  it('builds about twelve departments, some with subcategories that point at existing parents', () => {
    const roots = catalog.categories.filter((c) => c.parentId === null);
    const ids = new Set(catalog.categories.map((c) => c.id));
    expect(roots.length).toBeGreaterThanOrEqual(10);
    expect(roots.length).toBeLessThanOrEqual(14);
    const children = catalog.categories.filter((c) => c.parentId !== null);
    expect(children.length).toBeGreaterThan(0);
    for (const c of children) expect(ids.has(c.parentId as string)).toBe(true);
    expect(new Set(catalog.categories.map((c) => c.slug)).size).toBe(catalog.categories.length);
  });

  it('puts every product in an existing category', () => {
    const ids = new Set(catalog.categories.map((c) => c.id));
    for (const { product } of catalog.products) expect(ids.has(product.categoryId as string)).toBe(true);
  });

  it('gives every product 1–6 variants, with unique slugs and SKUs across the catalog', () => {
    for (const p of catalog.products) {
      expect(p.variants.length).toBeGreaterThanOrEqual(1);
      expect(p.variants.length).toBeLessThanOrEqual(6);
    }
    expect(new Set(catalog.products.map((p) => p.product.slug)).size).toBe(catalog.products.length);
    expect(new Set(allVariants.map((v) => v.variant.sku)).size).toBe(allVariants.length);
    expect(new Set(allVariants.map((v) => v.variant.id)).size).toBe(allVariants.length);
    for (const { product } of catalog.products) expect(product.slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('prices every variant in USD and EUR with positive integer minor units', () => {
    for (const { variant, prices } of allVariants) {
      expect(prices.map((p) => p.currency)).toEqual(['USD', 'EUR']);
      for (const price of prices) {
        expect(price.variantId).toBe(variant.id);
        expect(Number.isInteger(price.amount)).toBe(true);
        expect(price.amount).toBeGreaterThan(0);
      }
    }
    const endings = new Set(allVariants.map((v) => (v.prices[0]?.amount ?? 0) % 100));
    expect([...endings].every((e) => [99, 95, 50, 0].includes(e))).toBe(true);
  });

  it('stocks 0–200 units with nothing reserved, and leaves some variants sold out', () => {
    for (const { inventory } of allVariants) {
      expect(inventory.reserved).toBe(0);
      expect(inventory.onHand).toBeGreaterThanOrEqual(0);
      expect(inventory.onHand).toBeLessThanOrEqual(200);
    }
    const soldOut = allVariants.filter((v) => v.inventory.onHand === 0).length / allVariants.length;
    expect(soldOut).toBeGreaterThan(0.03);
    expect(soldOut).toBeLessThan(0.15);
  });

  it('names variants after their options and fills every template placeholder', () => {
    for (const { product, variants } of catalog.products) {
      expect(`${product.title} ${product.description}`).not.toMatch(/[{}]|undefined/);
      for (const { variant } of variants) {
        const values = Object.values(variant.options ?? {});
        expect(variant.title).toBe(values.length > 0 ? values.join(' / ') : 'Default');
      }
    }
  });

  it('gives 1–4 placeholder images per product and keeps most products active', () => {
    for (const { product } of catalog.products) {
      expect(product.images?.length).toBeGreaterThanOrEqual(1);
      expect(product.images?.length).toBeLessThanOrEqual(4);
      expect(product.images?.[0]).toBe(`https://picsum.photos/seed/${product.slug}-1/800/800`);
    }
    const statuses = catalog.products.map((p) => p.product.status);
    const active = statuses.filter((s) => s === 'active').length / statuses.length;
    expect(active).toBeGreaterThan(0.94);
    expect(active).toBeLessThan(0.995);
    expect(statuses).toContain('draft');
    expect(statuses).toContain('archived');
  });

  it('orders ids and creation times together, so ORDER BY id is creation order', () => {
    const ids = catalog.products.map((p) => p.product.id);
    expect([...ids].sort()).toEqual(ids);
    const times = catalog.products.map((p) => p.product.createdAt?.getTime() ?? 0);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(ids[0]).toMatch(/^prod_[0-9A-Z]{26}$/);
  });
});
