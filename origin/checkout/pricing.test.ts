import { describe, expect, it } from 'vitest';
import { applyRate, computeTotals, shippingCost } from './pricing';

describe('applyRate', () => {
  it('rounds half up in integer arithmetic', () => {
    expect(applyRate(1000, 1900)).toBe(190);
    expect(applyRate(5, 1000)).toBe(1); // 0.5 → 1
    expect(applyRate(4, 1000)).toBe(0); // 0.4 → 0
    expect(applyRate(1999, 825)).toBe(165); // 164.9175
    expect(applyRate(0, 2000)).toBe(0);
  });

  it('is exact for large amounts where floats would drift', () => {
    expect(applyRate(900_719_925_474, 2100)).toBe(189_151_184_350);
  });

  it('refuses floats and negatives', () => {
    expect(() => applyRate(10.5, 100)).toThrow(RangeError);
    expect(() => applyRate(-1, 100)).toThrow(RangeError);
  });
});

describe('shippingCost', () => {
  it('charges the flat rate below the threshold and nothing from it on', () => {
    const rate = { amount: 495, freeOver: 5000 };
    expect(shippingCost(4999, rate)).toBe(495);
    expect(shippingCost(5000, rate)).toBe(0);
    expect(shippingCost(999_999, { amount: 495, freeOver: null })).toBe(495);
  });
});

describe('computeTotals', () => {
  const lines = [
    { quantity: 2, unitPrice: 1999 },
    { quantity: 1, unitPrice: 550 },
  ];

  it('adds subtotal, shipping and tax on both', () => {
    expect(computeTotals(lines, { amount: 495, freeOver: null }, { rateBp: 2000, appliesToShipping: true })).toEqual({
      subtotal: 4548,
      shipping: 495,
      tax: 910 + 99,
      total: 4548 + 495 + 1009,
    });
  });

  it('leaves shipping untaxed where the country does', () => {
    const t = computeTotals(lines, { amount: 495, freeOver: null }, { rateBp: 2000, appliesToShipping: false });
    expect(t.tax).toBe(910);
  });

  it('charges no tax without a rate and free shipping over the threshold', () => {
    expect(computeTotals(lines, { amount: 495, freeOver: 4000 }, null)).toEqual({
      subtotal: 4548,
      shipping: 0,
      tax: 0,
      total: 4548,
    });
  });

  it('always yields integers whose parts add up to the total', () => {
    for (let i = 1; i < 200; i++) {
      const t = computeTotals(
        [{ quantity: (i % 7) + 1, unitPrice: i * 37 }],
        { amount: i % 500, freeOver: 3000 },
        { rateBp: (i * 13) % 2500, appliesToShipping: i % 2 === 0 },
      );
      for (const v of Object.values(t)) expect(Number.isInteger(v)).toBe(true);
      expect(t.total).toBe(t.subtotal + t.shipping + t.tax);
    }
  });
});
