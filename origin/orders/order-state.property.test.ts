import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OrderStatus } from '../../contract/orders';
import { holdsStock, initialStatus, nextStatuses, ORDER_STATUSES, transition } from './order-state';

/** Any stream of requested moves (webhooks, consumers, the merchant), most of them refused. */
const attempts = fc.array(fc.constantFrom(...ORDER_STATUSES), { maxLength: 30 });
const method = fc.constantFrom('card' as const, 'cod' as const);

/** The statuses an order goes through when each attempt is checked by the machine. */
function walk(from: OrderStatus, moves: readonly OrderStatus[]): OrderStatus[] {
  const path = [from];
  for (const to of moves) {
    const result = transition(path.at(-1) as OrderStatus, to);
    if (result.ok) path.push(result.value);
  }
  return path;
}

describe('order state machine (properties)', () => {
  it('accepts a move exactly when it is one of the next statuses, and says why otherwise', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ORDER_STATUSES), fc.constantFrom(...ORDER_STATUSES), (from, to) => {
        const result = transition(from, to);
        expect(result.ok).toBe(nextStatuses(from).includes(to));
        if (result.ok) expect(result.value).toBe(to);
        else {
          expect(result).toMatchObject({ code: 'invalid_transition', details: { from, to } });
          expect(result.message).toMatch(new RegExp(`\\b${from}\\b.*\\b${to}\\b`));
        }
      }),
    );
  });

  it('never visits a status twice, so every order ends', () => {
    fc.assert(
      fc.property(method, attempts, (m, moves) => {
        const path = walk(initialStatus(m), moves);
        expect(new Set(path).size).toBe(path.length);
      }),
    );
  });

  it('never holds stock again once it has let it go (shipped, cancelled or refunded)', () => {
    fc.assert(
      fc.property(method, attempts, (m, moves) => {
        const held = walk(initialStatus(m), moves).map(holdsStock);
        expect(held[0]).toBe(true);
        const released = held.indexOf(false);
        if (released >= 0) expect(held.slice(released)).not.toContain(true);
      }),
    );
  });

  it('cancels only what has not left the warehouse, and refunds only what was paid or delivered', () => {
    fc.assert(
      fc.property(method, attempts, (m, moves) => {
        const path = walk(initialStatus(m), moves);
        const cancelledAt = path.indexOf('cancelled');
        if (cancelledAt >= 0) expect(path.slice(0, cancelledAt)).not.toContain('shipped');
        const refundedAt = path.indexOf('refunded');
        if (refundedAt >= 0)
          expect(path.slice(0, refundedAt).some((s) => s === 'paid' || s === 'delivered')).toBe(true);
      }),
    );
  });

  it('ends nowhere but cancelled or refunded: every other status has a way on', () => {
    for (const status of ORDER_STATUSES) {
      const terminal = status === 'cancelled' || status === 'refunded';
      expect(nextStatuses(status).length === 0, status).toBe(terminal);
    }
  });
});
