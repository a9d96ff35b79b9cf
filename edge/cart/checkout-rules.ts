/**
 * The cart's side of checkout as pure functions over `CartState`. Only the origin places
 * orders (at most one per cart and one per Idempotency-Key), so these rules decide only which
 * attempt may forward the cart, when a shopper may edit it again and when it becomes an order.
 */
import { type CartChange, type CartState, type CheckoutLock, fail } from './cart-rules';

export type { CheckoutLock };

/** True while a lock is young enough to protect the attempt that took it. */
export function isLockFresh(lock: CheckoutLock, now: number, lockTtlMs: number): boolean {
  return now - lock.lockedAt < lockTtlMs;
}

function lockFor(state: CartState, key: string, now: number): CartChange {
  return { ok: true, state: { ...state, status: 'checking_out', checkout: { key, lockedAt: now, orderId: null } } };
}

/**
 * Lets the attempt with Idempotency-Key `key` forward the cart to the origin.
 * - open: locks the cart for `key` (an empty cart is refused);
 * - locked by `key`: a retry after a lost answer; the lock is renewed for the new attempt;
 * - locked by another key: refused while the lock is fresh, taken over once it is stale. A
 *   takeover is safe because the origin allows one order per cart: the second key gets either
 *   the order placement or `cart_already_ordered`, never a second order;
 * - converted by `key`, or by a key this cart never saw: forwarded unchanged, so the origin
 *   can answer its stored response (or refuse);
 * - converted by another key: refused.
 */
export function beginCheckout(state: CartState, key: string, now: number, lockTtlMs: number): CartChange {
  const lock = state.checkout;
  switch (state.status) {
    case 'open':
      if (state.lines.length === 0) return fail('cart_empty', 'This cart has no items to check out');
      return lockFor(state, key, now);
    case 'checking_out':
      if (lock?.key === key || !lock || !isLockFresh(lock, now, lockTtlMs)) return lockFor(state, key, now);
      return fail('cart_locked', 'This cart is being checked out with another Idempotency-Key');
    case 'converted':
      if (!lock || lock.key === null || lock.key === key) return { ok: true, state };
      return fail('cart_converted', 'This cart has already been turned into an order');
  }
}

/**
 * Records the order the origin placed for `key`. The origin's 201 is the truth, so this
 * converts the cart whatever happened to the lock meanwhile (e.g. a stale lock taken over by
 * a key that lost the race). A cart already converted keeps its first order id.
 */
export function completeCheckout(state: CartState, key: string, orderId: string, now: number): CartChange {
  if (state.status === 'converted' && state.checkout?.orderId) return { ok: true, state };
  const lockedAt = state.checkout?.lockedAt ?? now;
  return { ok: true, state: { ...state, status: 'converted', checkout: { key, lockedAt, orderId } } };
}

/**
 * Reopens the cart after the origin refused `key`'s attempt (out of stock, price changed…).
 * Only the holder of the lock can release it: a stale attempt whose lock was taken over, or a
 * converted cart, stays as it is.
 */
export function abortCheckout(state: CartState, key: string): CartChange {
  if (state.status !== 'checking_out' || state.checkout?.key !== key) return { ok: true, state };
  return { ok: true, state: { ...state, status: 'open', checkout: null } };
}

/**
 * The origin's refusal proved the cart has an order whose id this cart does not know
 * (`cart_already_ordered`, `idempotency_key_reused`). It is converted without a key or order id;
 * the key that placed the order can still fetch its stored response through `beginCheckout`.
 */
export function markOrderedElsewhere(state: CartState, now: number): CartChange {
  if (state.status === 'converted') return { ok: true, state };
  return { ok: true, state: { ...state, status: 'converted', checkout: { key: null, lockedAt: now, orderId: null } } };
}

/**
 * When the expiry alarm fires: null to delete the cart, or the time to postpone expiry to
 * because an attempt holds a fresh lock (its outcome is not known yet).
 */
export function expiryPostponedUntil(
  state: CartState | null,
  now: number,
  lockTtlMs: number,
  cartTtlMs: number,
): number | null {
  if (state?.status !== 'checking_out' || !state.checkout) return null;
  return isLockFresh(state.checkout, now, lockTtlMs) ? now + cartTtlMs : null;
}
