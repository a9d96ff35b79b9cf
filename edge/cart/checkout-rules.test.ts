import { describe, expect, it } from 'vitest';
import type { CartChange, CartState } from './cart-rules';
import { newCart } from './cart-rules';
import {
  abortCheckout,
  beginCheckout,
  completeCheckout,
  expiryPostponedUntil,
  markOrderedElsewhere,
} from './checkout-rules';

const TTL = 60_000;
const T0 = 1_700_000_000_000;

function ok(change: CartChange): CartState {
  if (!change.ok) throw new Error(`expected ok, got ${change.error.code}`);
  return change.state;
}

function errorCode(change: CartChange): string {
  if (change.ok) throw new Error('expected an error');
  return change.error.code;
}

const withLine = (): CartState => ({
  ...newCart('cart_1', 'USD'),
  lines: [{ variantId: 'v', productId: 'p', title: 'Tee', quantity: 1, unitPrice: { amount: 100, currency: 'USD' } }],
});
const lockedBy = (key: string, at = T0) => ok(beginCheckout(withLine(), key, at, TTL));
const convertedBy = (key: string) => ok(completeCheckout(lockedBy(key), key, 'ord_1', T0 + 1));

describe('beginCheckout', () => {
  it('locks an open cart for the key and remembers when', () => {
    const state = lockedBy('k1');
    expect(state.status).toBe('checking_out');
    expect(state.checkout).toEqual({ key: 'k1', lockedAt: T0, orderId: null });
    expect(state.lines).toEqual(withLine().lines);
  });

  it('refuses an empty cart with cart_empty', () => {
    expect(errorCode(beginCheckout(newCart('cart_1', 'USD'), 'k1', T0, TTL))).toBe('cart_empty');
  });

  it('lets the same key through again and renews its lock (a retry after a lost answer)', () => {
    const retried = ok(beginCheckout(lockedBy('k1'), 'k1', T0 + 5_000, TTL));
    expect(retried.checkout).toEqual({ key: 'k1', lockedAt: T0 + 5_000, orderId: null });
  });

  it('refuses another key while the lock is fresh', () => {
    expect(errorCode(beginCheckout(lockedBy('k1'), 'k2', T0 + TTL - 1, TTL))).toBe('cart_locked');
  });

  it('hands a stale lock over to another key', () => {
    const taken = ok(beginCheckout(lockedBy('k1'), 'k2', T0 + TTL, TTL));
    expect(taken).toMatchObject({ status: 'checking_out', checkout: { key: 'k2', lockedAt: T0 + TTL } });
  });

  it('treats a lock without a record as stale', () => {
    const bare: CartState = { ...withLine(), status: 'checking_out', checkout: null };
    expect(ok(beginCheckout(bare, 'k2', T0, TTL)).checkout?.key).toBe('k2');
  });

  it('forwards a converted cart unchanged for the key that converted it, refuses any other', () => {
    const converted = convertedBy('k1');
    expect(ok(beginCheckout(converted, 'k1', T0 + 10 * TTL, TTL))).toBe(converted);
    expect(errorCode(beginCheckout(converted, 'k2', T0 + 10 * TTL, TTL))).toBe('cart_converted');
  });

  it('forwards any key for a cart converted under a key it never saw (the origin decides)', () => {
    const elsewhere = ok(markOrderedElsewhere(lockedBy('k1'), T0));
    expect(ok(beginCheckout(elsewhere, 'k9', T0, TTL))).toBe(elsewhere);
  });
});

describe('completeCheckout', () => {
  it('converts the cart and stores the order id', () => {
    expect(convertedBy('k1')).toMatchObject({
      status: 'converted',
      checkout: { key: 'k1', lockedAt: T0, orderId: 'ord_1' },
    });
  });

  it('is idempotent and keeps the first order id', () => {
    const converted = convertedBy('k1');
    expect(ok(completeCheckout(converted, 'k1', 'ord_1', T0 + 5))).toBe(converted);
  });

  it('converts even when the lock moved on meanwhile: the origin placed the order', () => {
    const takenOver = ok(beginCheckout(lockedBy('k1'), 'k2', T0 + TTL, TTL));
    const converted = ok(completeCheckout(takenOver, 'k1', 'ord_1', T0 + TTL + 1));
    expect(converted).toMatchObject({ status: 'converted', checkout: { key: 'k1', orderId: 'ord_1' } });
  });

  it('converts a cart reopened meanwhile (its attempt was refused on a retry), dating the lock at the answer', () => {
    const reopened = ok(abortCheckout(lockedBy('k1'), 'k1'));
    expect(ok(completeCheckout(reopened, 'k1', 'ord_1', T0 + 9)).checkout).toEqual({
      key: 'k1',
      lockedAt: T0 + 9,
      orderId: 'ord_1',
    });
  });

  it('records the key and order of a cart stored converted before locks had a record', () => {
    const legacy: CartState = { ...withLine(), status: 'converted', checkout: null };
    expect(ok(completeCheckout(legacy, 'k1', 'ord_1', T0))).toMatchObject({
      status: 'converted',
      checkout: { key: 'k1', lockedAt: T0, orderId: 'ord_1' },
    });
  });

  it('records the key and order of a cart that was converted elsewhere', () => {
    const elsewhere = ok(markOrderedElsewhere(lockedBy('k2'), T0));
    expect(ok(completeCheckout(elsewhere, 'k1', 'ord_1', T0 + 1)).checkout).toMatchObject({
      key: 'k1',
      orderId: 'ord_1',
    });
  });
});

describe('abortCheckout', () => {
  it('reopens the cart for the key holding the lock', () => {
    const reopened = ok(abortCheckout(lockedBy('k1'), 'k1'));
    expect(reopened).toMatchObject({ status: 'open', checkout: null });
    expect(reopened.lines).toEqual(withLine().lines);
  });

  it('ignores a key that does not hold the lock, and converted or open carts', () => {
    const locked = lockedBy('k1');
    expect(ok(abortCheckout(locked, 'k2'))).toBe(locked);
    const converted = convertedBy('k1');
    expect(ok(abortCheckout(converted, 'k1'))).toBe(converted);
    const open = withLine();
    expect(ok(abortCheckout(open, 'k1'))).toBe(open);
  });
});

describe('abortCheckout, legacy carts', () => {
  it('leaves alone a cart stored locked before locks had a record: no key holds it', () => {
    const bare: CartState = { ...withLine(), status: 'checking_out', checkout: null };
    expect(ok(abortCheckout(bare, 'k1'))).toBe(bare);
  });
});

describe('markOrderedElsewhere', () => {
  it('converts the cart without a key or order id, and leaves a converted cart alone', () => {
    expect(ok(markOrderedElsewhere(lockedBy('k2'), T0 + 1))).toMatchObject({
      status: 'converted',
      checkout: { key: null, orderId: null },
    });
    const converted = convertedBy('k1');
    expect(ok(markOrderedElsewhere(converted, T0))).toBe(converted);
  });
});

describe('expiryPostponedUntil', () => {
  const CART_TTL = 3_600_000;

  it('postpones expiry by the cart TTL while a fresh lock is held', () => {
    expect(expiryPostponedUntil(lockedBy('k1'), T0 + TTL - 1, TTL, CART_TTL)).toBe(T0 + TTL - 1 + CART_TTL);
  });

  it('lets open, converted, missing and stale-locked carts expire', () => {
    expect(expiryPostponedUntil(withLine(), T0, TTL, CART_TTL)).toBeNull();
    expect(expiryPostponedUntil(convertedBy('k1'), T0 + 2, TTL, CART_TTL)).toBeNull();
    expect(expiryPostponedUntil(null, T0, TTL, CART_TTL)).toBeNull();
    expect(expiryPostponedUntil(lockedBy('k1'), T0 + TTL, TTL, CART_TTL)).toBeNull();
  });
});
