import { describe, expect, it } from 'vitest';
import type { OrderStatus } from '../../contract/orders';
import { holdsStock, initialStatus, nextStatuses, ORDER_STATUSES, transition } from './order-state';

const allowed: [OrderStatus, OrderStatus][] = [
  ['pending_payment', 'confirmed'],
  ['pending_payment', 'paid'],
  ['pending_payment', 'cancelled'],
  ['confirmed', 'paid'],
  ['confirmed', 'fulfilling'],
  ['confirmed', 'cancelled'],
  ['paid', 'fulfilling'],
  ['paid', 'cancelled'],
  ['paid', 'refunded'],
  ['fulfilling', 'shipped'],
  ['fulfilling', 'cancelled'],
  ['shipped', 'delivered'],
  ['delivered', 'completed'],
  ['delivered', 'refunded'],
  ['completed', 'refunded'],
];

describe('order state machine', () => {
  it('knows all nine statuses of the shopper API (docs/api.md)', () => {
    expect([...ORDER_STATUSES].sort()).toEqual(
      [
        'pending_payment',
        'confirmed',
        'paid',
        'fulfilling',
        'shipped',
        'delivered',
        'completed',
        'cancelled',
        'refunded',
      ].sort(),
    );
  });

  it('allows exactly the listed transitions and refuses every other pair', () => {
    for (const from of ORDER_STATUSES) {
      for (const to of ORDER_STATUSES) {
        const expected = allowed.some(([f, t]) => f === from && t === to);
        const result = transition(from, to);
        expect(result.ok, `${from} → ${to}`).toBe(expected);
        if (!result.ok) expect(result.code).toBe('invalid_transition');
      }
    }
  });

  it('walks the card path and the cash-on-delivery path', () => {
    const walk = (path: OrderStatus[]) => path.slice(1).every((to, i) => transition(path[i] as OrderStatus, to).ok);
    expect(walk(['pending_payment', 'confirmed', 'paid', 'fulfilling', 'shipped', 'delivered', 'completed'])).toBe(
      true,
    );
    expect(walk([initialStatus('cod'), 'fulfilling', 'shipped', 'delivered', 'completed'])).toBe(true);
  });

  it('starts card orders unpaid and cash-on-delivery orders confirmed', () => {
    expect(initialStatus('card')).toBe('pending_payment');
    expect(initialStatus('cod')).toBe('confirmed');
  });

  it('has terminal cancelled and refunded states', () => {
    expect(nextStatuses('cancelled')).toEqual([]);
    expect(nextStatuses('refunded')).toEqual([]);
    expect(transition('shipped', 'cancelled')).toMatchObject({
      ok: false,
      details: { from: 'shipped', to: 'cancelled' },
    });
  });

  it('holds stock only until the order ships or ends', () => {
    expect(ORDER_STATUSES.filter(holdsStock).sort()).toEqual(['confirmed', 'fulfilling', 'paid', 'pending_payment']);
  });
});
