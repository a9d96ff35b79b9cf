import { describe, expect, it } from 'vitest';
import { charmPrice, eurFromUsd, withEnding } from './pricing';
import { mixSeed, mulberry32, randomInt, sampleInOrder } from './prng';

describe('pricing', () => {
  it('applies psychological endings to whole amounts', () => {
    expect(withEnding(20, 99)).toBe(1999);
    expect(withEnding(50, 50)).toBe(4950);
    expect(withEnding(50, 0)).toBe(5000);
  });

  it('localises EUR prices upwards to the same ending, in integers', () => {
    expect(eurFromUsd(1999)).toBe(1899);
    expect(eurFromUsd(4950)).toBe(4550);
    expect(eurFromUsd(5000)).toBe(4600);
    expect(eurFromUsd(99)).toBe(99);
    for (let usd = 1; usd < 200_000; usd += 37) {
      const eur = eurFromUsd(usd);
      expect(Number.isInteger(eur)).toBe(true);
      expect(eur).toBeGreaterThan(0);
      expect(eur % 100).toBe(usd % 100);
    }
  });

  it('draws prices within the range asked for', () => {
    const rng = mulberry32(3);
    for (let i = 0; i < 1000; i++) {
      const price = charmPrice(rng, 10, 20);
      expect(price).toBeGreaterThanOrEqual(950);
      expect(price).toBeLessThanOrEqual(2000);
    }
  });
});

describe('prng', () => {
  it('repeats the same sequence for the same seed and stays in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    for (let i = 0; i < 1000; i++) {
      const x = a();
      expect(b()).toBe(x);
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
  });

  it('gives different streams different seeds', () => {
    const seeds = new Set(Array.from({ length: 10_000 }, (_, i) => mixSeed(42, i)));
    expect(seeds.size).toBe(10_000);
  });

  it('samples distinct elements in list order, and integers within bounds', () => {
    const rng = mulberry32(5);
    const list = ['XS', 'S', 'M', 'L', 'XL'];
    for (let i = 0; i < 200; i++) {
      const n = randomInt(rng, 1, 5);
      const sample = sampleInOrder(rng, list, n);
      expect(sample).toHaveLength(n);
      expect(sample).toEqual(list.filter((x) => sample.includes(x)));
    }
  });
});
