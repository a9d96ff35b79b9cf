import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CartChange, type CartState, newCart } from './cart-rules';
import { abortCheckout, beginCheckout, completeCheckout, isLockFresh, markOrderedElsewhere } from './checkout-rules';

const TTL = 60_000;
const line = { variantId: 'v', productId: 'p', title: 'Tee', quantity: 1, unitPrice: { amount: 100, currency: 'USD' } };

/** What happens to one cart: attempts under a few keys, the origin's answers, time passing. */
type Step =
  | { kind: 'begin' | 'abort'; key: string }
  | { kind: 'complete'; key: string; orderId: string }
  | { kind: 'elsewhere' }
  | { kind: 'wait'; ms: number };

const key = fc.constantFrom('k1', 'k2', 'k3');
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constantFrom('begin' as const, 'abort' as const), key }),
  fc.record({ kind: fc.constant('complete' as const), key, orderId: fc.constantFrom('ord_1', 'ord_2') }),
  fc.record({ kind: fc.constant('elsewhere' as const) }),
  fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 2 * TTL }) }),
);

function apply(state: CartState, s: Step, now: number): CartChange {
  switch (s.kind) {
    case 'begin':
      return beginCheckout(state, s.key, now, TTL);
    case 'abort':
      return abortCheckout(state, s.key);
    case 'complete':
      return completeCheckout(state, s.key, s.orderId, now);
    case 'elsewhere':
      return markOrderedElsewhere(state, now);
    case 'wait':
      return { ok: true, state };
  }
}

describe('checkout rules (properties)', () => {
  it('lock a cart for one key at a time, convert it once for good, and never forget its order', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.array(step, { maxLength: 30 }), (empty, steps) => {
        let state: CartState = { ...newCart('cart_p', 'USD'), lines: empty ? [] : [line] };
        let now = 1_700_000_000_000;
        let orderId: string | null = null;
        for (const s of steps) {
          if (s.kind === 'wait') now += s.ms;
          const before = state;
          const change = apply(state, s, now);
          if (!change.ok) {
            expect(change.error.message.length).toBeGreaterThan(10);
            // Only a fresh lock of another key, a cart converted under another key, or an empty cart refuse.
            const lock = before.checkout;
            if (change.error.code === 'cart_locked') {
              expect(lock && lock.key !== (s as { key: string }).key && isLockFresh(lock, now, TTL)).toBe(true);
            }
            if (change.error.code === 'cart_empty') expect(before.lines).toEqual([]);
            continue;
          }
          state = change.state;
          if (before.status === 'converted') expect(state.status).toBe('converted');
          if (state.status === 'open') expect(state.checkout).toBeNull();
          if (state.status === 'checking_out') {
            expect(state.lines.length).toBeGreaterThan(0);
            expect(state.checkout).toMatchObject({ key: expect.any(String), orderId: null });
          }
          if (state.checkout?.orderId) {
            expect(state.status).toBe('converted');
            orderId ??= state.checkout.orderId;
            expect(state.checkout.orderId).toBe(orderId);
          }
          if (orderId) expect(state.checkout?.orderId).toBe(orderId);
        }
      }),
      { numRuns: 300 },
    );
  });
});
