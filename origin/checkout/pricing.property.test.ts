import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyRate, computeTotals, type PricedLine, shippingCost } from './pricing';

// Realistic orders whose totals stay far inside 32 bits: up to 20 lines of up to 99 units at up
// to 100,000.00, shipping up to 1,000.00, tax up to 50 %.
const line = fc.record({
  quantity: fc.integer({ min: 1, max: 99 }),
  unitPrice: fc.integer({ min: 0, max: 10_000_000 }),
});
const lines = fc.array(line, { maxLength: 20 });
const shipping = fc.record({
  amount: fc.integer({ min: 0, max: 100_000 }),
  freeOver: fc.option(fc.integer({ min: 0, max: 50_000_000 })),
});
const tax = fc.option(fc.record({ rateBp: fc.integer({ min: 0, max: 5_000 }), appliesToShipping: fc.boolean() }));

const sumOfLines = (ls: PricedLine[]) => ls.reduce((sum, l) => sum + l.quantity * l.unitPrice, 0);

describe('applyRate (properties)', () => {
  it('is the exact product rounded half up: within half a minor unit, ties going up', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), fc.integer({ min: 0, max: 10_000 }), (a, r) => {
        const result = applyRate(a, r);
        expect(Number.isSafeInteger(result)).toBe(true);
        // 10 000 × result − amount × rate lies in (−5 000, 5 000]: nearest, half up.
        const error = BigInt(result) * 10_000n - BigInt(a) * BigInt(r);
        expect(error > -5_000n && error <= 5_000n).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('grows with the amount and with the rate, and is the identity at 100 %', () => {
    const amount = fc.integer({ min: 0, max: 1_000_000_000 });
    const rate = fc.integer({ min: 0, max: 10_000 });
    fc.assert(
      fc.property(amount, amount, rate, rate, (a, b, r, s) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const [rl, rh] = r <= s ? [r, s] : [s, r];
        expect(applyRate(lo, rl)).toBeLessThanOrEqual(applyRate(hi, rl));
        expect(applyRate(lo, rl)).toBeLessThanOrEqual(applyRate(lo, rh));
        expect(applyRate(a, 10_000)).toBe(a);
        expect(applyRate(a, 0)).toBe(0);
      }),
    );
  });

  it('refuses negative, fractional and unsafe amounts or rates instead of rounding them', () => {
    const bad = fc.oneof(
      fc.integer({ min: Number.MIN_SAFE_INTEGER, max: -1 }),
      fc.double({ noNaN: true, noInteger: true }),
      fc.constantFrom(2 ** 53, -(2 ** 53), 1e300, Number.POSITIVE_INFINITY, Number.NaN),
    );
    const good = fc.integer({ min: 0, max: 1_000_000 });
    fc.assert(
      fc.property(bad, good, (x, ok) => {
        expect(() => applyRate(x, ok)).toThrow(new RangeError('applyRate needs non-negative integers'));
        expect(() => applyRate(ok, x)).toThrow(new RangeError('applyRate needs non-negative integers'));
      }),
    );
  });
});

describe('computeTotals (properties)', () => {
  it('gives non-negative integer parts that add up exactly to the total', () => {
    fc.assert(
      fc.property(lines, shipping, tax, (ls, ship, t) => {
        const totals = computeTotals(ls, ship, t);
        for (const value of Object.values(totals)) {
          expect(Number.isSafeInteger(value)).toBe(true);
          expect(value).toBeGreaterThanOrEqual(0);
        }
        expect(totals.total).toBe(totals.subtotal + totals.shipping + totals.tax);
      }),
    );
  });

  it('makes the subtotal the sum of the lines, whatever their order', () => {
    fc.assert(
      fc.property(lines, shipping, tax, (ls, ship, t) => {
        const totals = computeTotals(ls, ship, t);
        expect(totals.subtotal).toBe(sumOfLines(ls));
        expect(computeTotals([...ls].reverse(), ship, t)).toEqual(totals);
      }),
    );
  });

  it('charges shipping unless the subtotal reaches the free threshold, and taxes it only where the rate says so', () => {
    fc.assert(
      fc.property(lines, shipping, tax, (ls, ship, t) => {
        const totals = computeTotals(ls, ship, t);
        const free = ship.freeOver !== null && totals.subtotal >= ship.freeOver;
        expect(totals.shipping).toBe(free ? 0 : ship.amount);
        expect(totals.shipping).toBe(shippingCost(totals.subtotal, ship));
        const taxOnGoods = t ? applyRate(totals.subtotal, t.rateBp) : 0;
        const taxOnShipping = t?.appliesToShipping ? applyRate(totals.shipping, t.rateBp) : 0;
        expect(totals.tax).toBe(taxOnGoods + taxOnShipping);
      }),
    );
  });

  it('never taxes more than the rate allows, each part rounded once (at most one minor unit over per part)', () => {
    fc.assert(
      fc.property(lines, shipping, tax, (ls, ship, t) => {
        const totals = computeTotals(ls, ship, t);
        const taxed = totals.subtotal + (t?.appliesToShipping ? totals.shipping : 0);
        const exact = (taxed * (t?.rateBp ?? 0)) / 10_000;
        expect(Math.abs(totals.tax - exact)).toBeLessThanOrEqual(1);
      }),
    );
  });
});
