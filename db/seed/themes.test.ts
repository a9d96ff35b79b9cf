import { describe, expect, it } from 'vitest';
import { CATEGORY_TREE, type CategorySpec } from './category-tree';
import { mulberry32 } from './prng';
import { fill, pickWords } from './theme';
import { MAX_VARIANTS, optionCode, planVariants } from './variant-options';

const leaves = (specs: readonly CategorySpec[]): CategorySpec[] =>
  specs.flatMap((s) => (s.children ? leaves(s.children) : [s]));

describe.each(leaves(CATEGORY_TREE).map((leaf) => [leaf.slug, leaf] as const))('theme of %s', (_, leaf) => {
  const theme = leaf.theme;

  it('exists on every leaf category', () => {
    expect(theme).toBeDefined();
  });

  it('fills every title and description template from its word lists', () => {
    if (!theme) return;
    const words = pickWords(mulberry32(1), theme.words);
    for (const template of [...theme.titles, ...theme.descriptions]) expect(fill(template, words)).not.toMatch(/[{}]/);
  });

  it('has option values with distinct SKU codes and price steps that keep cents endings', () => {
    for (const axis of theme?.axes ?? []) {
      expect(new Set(axis.values.map(optionCode)).size).toBe(axis.values.length);
      expect((axis.step ?? 0) % 100).toBe(0);
    }
    expect(theme?.price[0]).toBeGreaterThanOrEqual(1);
  });
});

describe('planVariants', () => {
  it('never plans more than six variants, nor the same option combination twice', () => {
    const axes = [
      { name: 'Size', values: ['S', 'M', 'L', 'XL'] },
      { name: 'Color', values: ['Red', 'Blue', 'Green'] },
    ];
    const rng = mulberry32(9);
    for (let i = 0; i < 500; i++) {
      const planned = planVariants(rng, axes);
      expect(planned.length).toBeGreaterThanOrEqual(1);
      expect(planned.length).toBeLessThanOrEqual(MAX_VARIANTS);
      expect(new Set(planned.map((p) => p.title)).size).toBe(planned.length);
    }
  });

  it('plans one default variant for a product without options', () => {
    expect(planVariants(mulberry32(1), [])).toEqual([
      { title: 'Default', options: {}, priceOffset: 0, skuSuffix: 'STD' },
    ]);
  });
});
