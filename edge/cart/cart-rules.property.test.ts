import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { VariantLookup } from '../../contract/catalog';
import {
  addLine,
  type CartChange,
  type CartError,
  type CartLimits,
  type CartState,
  mergeLines,
  newCart,
  removeLine,
  setLineQuantity,
  toCart,
} from './cart-rules';

const limits: CartLimits = { maxLineQuantity: 20, maxLines: 4 };
const IDS = ['a', 'b', 'c', 'd', 'e'] as const; // one more than a cart may hold

const variant = (id: string, amount: number, availableQuantity: number, currency = 'USD'): VariantLookup => ({
  variantId: id,
  productId: `prod_${id}`,
  productSlug: `slug-${id}`,
  title: `Tee — ${id}`,
  sku: `SKU-${id}`,
  price: { amount, currency },
  availableQuantity,
});

/** What the catalog says about a variant at the moment of one edit (null: no longer for sale). */
const lookup = fc.option(
  fc.record({
    amount: fc.integer({ min: 0, max: 100_000 }),
    available: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 5, max: 30 }) }, fc.integer({ min: 0, max: 4 })),
    currency: fc.constantFrom('USD', 'USD', 'USD', 'USD', 'EUR'),
  }),
  { freq: 8 },
);
const id = fc.constantFrom(...IDS);
/** Mostly what a shopper types, sometimes nonsense or over the limit. */
const quantity = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0, max: 8 }) },
  { weight: 1, arbitrary: fc.integer({ min: -2, max: 25 }) },
  { weight: 1, arbitrary: fc.constantFrom(0.5, Number.NaN, 2 ** 53) },
);

type Lookup = { amount: number; available: number; currency: string } | null;
type Edit = { kind: 'add' | 'set'; id: string; quantity: number; lookup: Lookup } | { kind: 'remove'; id: string };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('add' as const), id, quantity, lookup }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('set' as const), id, quantity, lookup }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('remove' as const), id }) },
);
/** Long enough to fill a cart and edit it. */
const edits = (maxLength: number) => fc.array(edit, { minLength: maxLength / 2, maxLength });

function apply(state: CartState, e: Edit): { change: CartChange; seen: VariantLookup | null } {
  if (e.kind === 'remove') return { change: removeLine(state, e.id), seen: null };
  const seen = e.lookup && variant(e.id, e.lookup.amount, e.lookup.available, e.lookup.currency);
  const change =
    e.kind === 'add'
      ? addLine(state, seen, e.quantity, limits)
      : setLineQuantity(state, e.id, e.quantity, seen, limits);
  return { change, seen };
}

/** Frozen all the way down: a rule that mutated its input would throw. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** Every cart the rules can produce, whatever the shopper does. */
function checkInvariants(state: CartState): void {
  const ids = state.lines.map((l) => l.variantId);
  expect(new Set(ids).size).toBe(ids.length);
  expect(state.lines.length).toBeLessThanOrEqual(limits.maxLines);
  for (const l of state.lines) {
    expect(Number.isSafeInteger(l.quantity)).toBe(true);
    expect(l.quantity).toBeGreaterThanOrEqual(1);
    expect(l.quantity).toBeLessThanOrEqual(limits.maxLineQuantity);
    expect(l.unitPrice.currency).toBe(state.currency);
  }
  const cart = toCart(state);
  expect(cart.totals.itemCount).toBe(state.lines.reduce((n, l) => n + l.quantity, 0));
  expect(cart.totals.subtotal).toEqual({
    amount: cart.lines.reduce((sum, l) => sum + l.lineTotal.amount, 0),
    currency: state.currency,
  });
  for (const l of cart.lines) expect(l.lineTotal.amount).toBe(l.unitPrice.amount * l.quantity);
  expect(cart.lines.map((l) => l.unitPrice)).toEqual(state.lines.map((l) => l.unitPrice));
}

/** A refusal says what went wrong in words a shopper can act on: the limit, the item, the stock. */
function checkRefusal(error: CartError, seen: VariantLookup | null): void {
  expect(error.message.length).toBeGreaterThan(10);
  if (error.code === 'quantity_limit_exceeded') expect(error.message).toContain(`${limits.maxLineQuantity}`);
  if (error.code === 'cart_full') expect(error.message).toContain(`${limits.maxLines}`);
  if (error.code === 'currency_mismatch') expect(error.message).toContain('USD');
  if (error.code === 'out_of_stock' && seen) {
    expect(error.message).toContain(seen.title);
    if (seen.availableQuantity > 0) expect(error.message).toContain(`Only ${seen.availableQuantity} `);
    else expect(error.message).toMatch(/is out of stock$/);
  }
}

describe('cart rules (properties)', () => {
  it('keep every cart within its limits, in one currency, totals adding up, through any sequence of edits', () => {
    fc.assert(
      fc.property(edits(40), (steps) => {
        let state = deepFreeze(newCart('cart_p', 'USD'));
        for (const e of steps) {
          const { change, seen } = apply(state, e);
          if (!change.ok) {
            checkRefusal(change.error, seen);
            continue;
          }
          const before = state.lines.find((l) => l.variantId === e.id);
          const after = change.state.lines.find((l) => l.variantId === e.id);
          // A line only ever grows within the stock the catalog showed at that moment.
          if (after && after.quantity > (before?.quantity ?? 0)) {
            expect(after.quantity).toBeLessThanOrEqual(seen?.availableQuantity ?? -1);
          }
          state = deepFreeze(change.state);
          checkInvariants(state);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('change only the line they are about: the other lines stay as they were, in their order', () => {
    fc.assert(
      fc.property(edits(30), edit, (setup, e) => {
        let state = newCart('cart_p', 'USD');
        for (const s of setup) {
          const { change } = apply(state, s);
          if (change.ok) state = change.state;
        }
        const { change } = apply(deepFreeze(state), e);
        if (!change.ok) return;
        const others = (s: CartState) => s.lines.filter((l) => l.variantId !== e.id);
        expect(others(change.state)).toEqual(others(state));
        const position = (s: CartState) => s.lines.findIndex((l) => l.variantId === e.id);
        // An existing line keeps its place; a new one joins at the end.
        if (position(state) >= 0 && position(change.state) >= 0) expect(position(change.state)).toBe(position(state));
        if (position(state) < 0 && position(change.state) >= 0) {
          expect(position(change.state)).toBe(change.state.lines.length - 1);
        }
        if (e.kind === 'remove' || (e.kind === 'set' && e.quantity === 0)) expect(position(change.state)).toBe(-1);
      }),
      { numRuns: 200 },
    );
  });

  it('never need the catalog to shrink a line or leave it as it is, even once the product is gone', () => {
    fc.assert(
      fc.property(edits(30), fc.nat(), fc.nat(), (setup, pick, by) => {
        let state = newCart('cart_p', 'USD');
        for (const s of setup) {
          const { change } = apply(state, s);
          if (change.ok) state = change.state;
        }
        const line = state.lines[pick % Math.max(1, state.lines.length)];
        if (!line) return;
        const quantity = line.quantity - (by % (line.quantity + 1)); // current … 0
        const change = setLineQuantity(state, line.variantId, quantity, null, limits);
        if (!change.ok) throw new Error(change.error.code);
        expect(change.state.lines.find((l) => l.variantId === line.variantId)?.quantity).toBe(quantity || undefined);
      }),
    );
  });

  it('refuse every edit of a cart being checked out or converted, whatever it is', () => {
    fc.assert(
      fc.property(fc.constantFrom('checking_out' as const, 'converted' as const), edit, (status, e) => {
        const { change } = apply({ ...newCart('cart_p', 'USD'), status }, e);
        expect(change.ok).toBe(false);
        if (!change.ok) {
          expect(change.error.code).toBe(status === 'converted' ? 'cart_converted' : 'cart_locked');
          checkRefusal(change.error, null);
        }
      }),
    );
  });

  it('let a line reach exactly the stock shown, never one more (adding or setting)', () => {
    const big: CartLimits = { maxLineQuantity: 50, maxLines: 4 };
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.nat(), (available, seed) => {
        const held = seed % available; // already in the cart: 0 … available − 1
        const v = variant('a', 1000, available);
        let state = addLine(newCart('cart_p', 'USD'), variant('z', 5, 9), 1, big);
        if (!state.ok) throw new Error('setup');
        if (held > 0) state = addLine(state.state, v, held, big);
        if (!state.ok) throw new Error('setup');
        const filled = addLine(state.state, v, available - held, big);
        expect(filled.ok && filled.state.lines.find((l) => l.variantId === 'a')?.quantity).toBe(available);
        const over = addLine(state.state, v, available - held + 1, big);
        expect(!over.ok && over.error.code).toBe('out_of_stock');
        if (held > 0) {
          const set = setLineQuantity(state.state, 'a', available, v, big);
          expect(set.ok && set.state.lines.find((l) => l.variantId === 'a')?.quantity).toBe(available);
          const setOver = setLineQuantity(state.state, 'a', available + 1, v, big);
          expect(!setOver.ok && setOver.error.code).toBe('out_of_stock');
        }
      }),
    );
  });

  it('merge a guest cart into a cart within the limits, adding shared lines and keeping every line it had', () => {
    const build = (edits: Edit[], cartId: string) => {
      let state = newCart(cartId, 'USD');
      for (const e of edits) {
        const { change } = apply(state, e);
        if (change.ok) state = change.state;
      }
      return state;
    };
    fc.assert(
      fc.property(edits(20), edits(20), (mine, guest) => {
        const target = deepFreeze(build(mine, 'cart_t'));
        const incoming = deepFreeze(build(guest, 'cart_g')).lines;
        const merged = mergeLines(target, incoming, limits);
        if (!merged.ok) throw new Error(merged.error.code);
        checkInvariants(merged.state);
        // The target's lines come first, in their order, each at least as large as before.
        expect(merged.state.lines.slice(0, target.lines.length).map((l) => l.variantId)).toEqual(
          target.lines.map((l) => l.variantId),
        );
        for (const mineLine of target.lines) {
          const theirs = incoming.find((l) => l.variantId === mineLine.variantId)?.quantity ?? 0;
          const now = merged.state.lines.find((l) => l.variantId === mineLine.variantId);
          expect(now?.quantity).toBe(Math.min(limits.maxLineQuantity, mineLine.quantity + theirs));
          expect(now?.unitPrice).toEqual(mineLine.unitPrice);
        }
      }),
      { numRuns: 200 },
    );
  });
});
