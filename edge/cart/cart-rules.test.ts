import { describe, expect, it } from 'vitest';
import type { VariantLookup } from '../../contract/catalog';
import {
  addLine,
  type CartChange,
  type CartState,
  claimCart,
  mergeLines,
  newCart,
  removeLine,
  setLineQuantity,
  toCart,
  visibleTo,
} from './cart-rules';

const limits = { maxLineQuantity: 20, maxLines: 3 };

function variant(id: string, amount = 1000, availableQuantity = 50): VariantLookup {
  return {
    variantId: id,
    productId: `prod_${id}`,
    productSlug: `slug-${id}`,
    title: `Tee — ${id}`,
    sku: `SKU-${id}`,
    price: { amount, currency: 'USD' },
    availableQuantity,
  };
}

function ok(change: CartChange): CartState {
  if (!change.ok) throw new Error(`expected ok, got ${change.error.code}`);
  return change.state;
}

function errorCode(change: CartChange): string {
  if (change.ok) throw new Error('expected an error');
  return change.error.code;
}

const empty = () => newCart('cart_1', 'USD');

describe('addLine', () => {
  it('adds a new line priced from the variant snapshot', () => {
    const state = ok(addLine(empty(), variant('a', 1250), 2, limits));
    expect(state.lines).toEqual([
      {
        variantId: 'a',
        productId: 'prod_a',
        title: 'Tee — a',
        quantity: 2,
        unitPrice: { amount: 1250, currency: 'USD' },
      },
    ]);
  });

  it('adds the quantity to an existing line and refreshes its price', () => {
    const once = ok(addLine(empty(), variant('a', 1000), 2, limits));
    const twice = ok(addLine(once, variant('a', 900), 3, limits));
    expect(twice.lines).toHaveLength(1);
    expect(twice.lines[0]).toMatchObject({ quantity: 5, unitPrice: { amount: 900 } });
  });

  it('keeps lines in the order they were first added', () => {
    let state = ok(addLine(empty(), variant('a'), 1, limits));
    state = ok(addLine(state, variant('b'), 1, limits));
    state = ok(addLine(state, variant('a'), 1, limits));
    expect(state.lines.map((l) => l.variantId)).toEqual(['a', 'b']);
  });

  it('does not mutate the previous state', () => {
    const before = ok(addLine(empty(), variant('a'), 1, limits));
    const snapshot = structuredClone(before);
    ok(addLine(before, variant('a'), 4, limits));
    expect(before).toEqual(snapshot);
  });

  it('refuses quantities below one or not integers', () => {
    expect(errorCode(addLine(empty(), variant('a'), 0, limits))).toBe('invalid_quantity');
    expect(errorCode(addLine(empty(), variant('a'), -1, limits))).toBe('invalid_quantity');
    expect(errorCode(addLine(empty(), variant('a'), 1.5, limits))).toBe('invalid_quantity');
  });

  it('refuses more than the per-line limit, also when the total crosses it', () => {
    expect(errorCode(addLine(empty(), variant('a'), 21, limits))).toBe('quantity_limit_exceeded');
    const state = ok(addLine(empty(), variant('a'), 15, limits));
    expect(errorCode(addLine(state, variant('a'), 6, limits))).toBe('quantity_limit_exceeded');
    expect(ok(addLine(state, variant('a'), 5, limits)).lines[0]?.quantity).toBe(20);
  });

  it('refuses more than the snapshot has available, counting what is already in the cart', () => {
    expect(errorCode(addLine(empty(), variant('a', 1000, 0), 1, limits))).toBe('out_of_stock');
    const state = ok(addLine(empty(), variant('a', 1000, 3), 2, limits));
    expect(errorCode(addLine(state, variant('a', 1000, 3), 2, limits))).toBe('out_of_stock');
  });

  it('refuses an unknown variant', () => {
    expect(errorCode(addLine(empty(), null, 1, limits))).toBe('variant_not_found');
  });

  it('refuses a new line beyond the line cap but still merges into existing lines', () => {
    let state = empty();
    for (const id of ['a', 'b', 'c']) state = ok(addLine(state, variant(id), 1, limits));
    expect(errorCode(addLine(state, variant('d'), 1, limits))).toBe('cart_full');
    expect(ok(addLine(state, variant('a'), 1, limits)).lines[0]?.quantity).toBe(2);
  });

  it('refuses a price in another currency than the cart', () => {
    const eur = { ...variant('a'), price: { amount: 1000, currency: 'EUR' } };
    expect(errorCode(addLine(empty(), eur, 1, limits))).toBe('currency_mismatch');
  });

  it('refuses changes to a cart being checked out or already converted', () => {
    expect(errorCode(addLine({ ...empty(), status: 'checking_out' }, variant('a'), 1, limits))).toBe('cart_locked');
    expect(errorCode(addLine({ ...empty(), status: 'converted' }, variant('a'), 1, limits))).toBe('cart_converted');
  });
});

describe('setLineQuantity', () => {
  const withLine = () => ok(addLine(empty(), variant('a', 1000, 5), 3, limits));

  it('sets the quantity of an existing line without touching its price', () => {
    const state = ok(setLineQuantity(withLine(), 'a', 4, variant('a', 700, 5), limits));
    expect(state.lines[0]).toMatchObject({ quantity: 4, unitPrice: { amount: 1000 } });
  });

  it('removes the line when the quantity is zero', () => {
    expect(ok(setLineQuantity(withLine(), 'a', 0, null, limits)).lines).toEqual([]);
  });

  it('refuses a line that is not in the cart', () => {
    expect(errorCode(setLineQuantity(withLine(), 'zzz', 1, variant('zzz'), limits))).toBe('line_not_found');
    expect(errorCode(setLineQuantity(withLine(), 'zzz', 0, null, limits))).toBe('line_not_found');
  });

  it('checks stock only when the quantity grows', () => {
    expect(errorCode(setLineQuantity(withLine(), 'a', 6, variant('a', 1000, 5), limits))).toBe('out_of_stock');
    const shrunk = ok(setLineQuantity(withLine(), 'a', 2, null, limits));
    expect(shrunk.lines[0]?.quantity).toBe(2);
    expect(errorCode(setLineQuantity(withLine(), 'a', 4, null, limits))).toBe('variant_not_found');
  });

  it('refuses quantities over the per-line limit or malformed', () => {
    expect(errorCode(setLineQuantity(withLine(), 'a', 21, variant('a'), limits))).toBe('quantity_limit_exceeded');
    expect(errorCode(setLineQuantity(withLine(), 'a', -2, variant('a'), limits))).toBe('invalid_quantity');
  });

  it('refuses changes to a locked cart', () => {
    const locked: CartState = { ...withLine(), status: 'checking_out' };
    expect(errorCode(setLineQuantity(locked, 'a', 0, null, limits))).toBe('cart_locked');
  });
});

describe('removeLine', () => {
  it('removes the line and is a no-op when it is already gone', () => {
    const state = ok(addLine(empty(), variant('a'), 1, limits));
    const removed = ok(removeLine(state, 'a'));
    expect(removed.lines).toEqual([]);
    expect(ok(removeLine(removed, 'a')).lines).toEqual([]);
  });

  it('refuses changes to a converted cart', () => {
    expect(errorCode(removeLine({ ...empty(), status: 'converted' }, 'a'))).toBe('cart_converted');
  });
});

describe('toCart', () => {
  it('computes line totals, subtotal and item count in integer minor units', () => {
    let state = ok(addLine(empty(), variant('a', 1999), 3, limits));
    state = ok(addLine(state, variant('b', 1), 2, limits));
    const cart = toCart(state);
    expect(cart.lines.map((l) => l.lineTotal)).toEqual([
      { amount: 5997, currency: 'USD' },
      { amount: 2, currency: 'USD' },
    ]);
    expect(cart.totals).toEqual({ subtotal: { amount: 5999, currency: 'USD' }, itemCount: 5 });
  });

  it('gives an empty cart a zero subtotal in the cart currency', () => {
    expect(toCart(newCart('cart_1', 'EUR'))).toEqual({
      id: 'cart_1',
      status: 'open',
      lines: [],
      totals: { subtotal: { amount: 0, currency: 'EUR' }, itemCount: 0 },
    });
  });

  it('exposes exactly the public line fields', () => {
    const cart = toCart(ok(addLine(empty(), variant('a'), 1, limits)));
    expect(Object.keys(cart.lines[0] ?? {})).toEqual([
      'variantId',
      'productId',
      'title',
      'quantity',
      'unitPrice',
      'lineTotal',
    ]);
  });
});

describe('ownership', () => {
  it('lets anyone with the id see a guest cart, and only the owner an owned one', () => {
    expect(visibleTo(empty(), null)).toBe(true);
    expect(visibleTo(empty(), 'cus_a')).toBe(true);
    const owned = ok(claimCart(empty(), 'cus_a'));
    expect(visibleTo(owned, 'cus_a')).toBe(true);
    expect(visibleTo(owned, 'cus_b')).toBe(false);
    expect(visibleTo(owned, null)).toBe(false);
  });

  it("claims an open guest cart once, never another customer's or a converted one", () => {
    const owned = ok(claimCart(empty(), 'cus_a'));
    expect(ok(claimCart(owned, 'cus_a'))).toBe(owned);
    expect(errorCode(claimCart(owned, 'cus_b'))).toBe('cart_not_found');
    expect(errorCode(claimCart({ ...empty(), status: 'converted' }, 'cus_a'))).toBe('cart_converted');
    // Not even the owner gets a converted cart back as their open cart.
    expect(errorCode(claimCart({ ...owned, status: 'converted' }, 'cus_a'))).toBe('cart_converted');
  });
});

describe('claimCart', () => {
  it("answers another customer's cart in the very words of a missing one, revealing nothing", () => {
    const owned = ok(claimCart(empty(), 'cus_a'));
    expect(claimCart(owned, 'cus_b')).toEqual({
      ok: false,
      error: { code: 'cart_not_found', message: 'No such cart' },
    });
  });
});

describe('mergeLines', () => {
  it('adds quantities of shared variants up to the line limit and appends new ones while there is room', () => {
    const target = ok(addLine(ok(addLine(empty(), variant('a'), 15, limits)), variant('b'), 1, limits));
    const guest = ok(
      addLine(
        ok(addLine(ok(addLine(empty(), variant('a'), 10, limits)), variant('c'), 2, limits)),
        variant('d'),
        1,
        limits,
      ),
    );
    const merged = ok(mergeLines(target, guest.lines, limits));
    expect(merged.lines.map((l) => [l.variantId, l.quantity])).toEqual([
      ['a', 20],
      ['b', 1],
      ['c', 2],
    ]); // 'd' would make a fourth line (maxLines 3)
  });

  it('skips lines in another currency and refuses a cart that is not open', () => {
    const eur = {
      ...ok(addLine(newCart('g', 'EUR'), { ...variant('e'), price: { amount: 5, currency: 'EUR' } }, 1, limits)),
    };
    expect(ok(mergeLines(empty(), eur.lines, limits)).lines).toEqual([]);
    expect(errorCode(mergeLines({ ...empty(), status: 'checking_out' }, [], limits))).toBe('cart_locked');
  });
});
