/**
 * The order state machine, as data. Card orders: pending_payment → confirmed (authorised) →
 * paid (captured) → fulfilling → shipped → delivered → completed. Cash-on-delivery orders are
 * created `confirmed` and go to fulfilling without a payment step (the cash is settled on
 * delivery, recorded by the payment, not by the order status). `cancelled` and `refunded` are
 * terminal.
 */
import type { OrderStatus } from '../../contract/orders';
import { err, ok, type Result } from '../platform/result';

const TRANSITIONS: Record<OrderStatus, readonly OrderStatus[]> = {
  pending_payment: ['confirmed', 'paid', 'cancelled'],
  confirmed: ['paid', 'fulfilling', 'cancelled'],
  paid: ['fulfilling', 'cancelled', 'refunded'],
  fulfilling: ['shipped', 'cancelled'],
  shipped: ['delivered'],
  delivered: ['completed', 'refunded'],
  completed: ['refunded'],
  cancelled: [],
  refunded: [],
};

export const ORDER_STATUSES = Object.keys(TRANSITIONS) as OrderStatus[];

/**
 * The statuses staff may move an order to by hand: the fulfilment steps and cancelling.
 * `confirmed`, `paid` and `refunded` say that money moved (authorised, captured, returned), so
 * only the payment context sets them, from what the provider reported; `pending_payment` is
 * where an order starts.
 */
export const MANUAL_TARGETS = ['fulfilling', 'shipped', 'delivered', 'completed', 'cancelled'] as const;
export type ManualTarget = (typeof MANUAL_TARGETS)[number];

export function isManualTarget(status: OrderStatus): status is ManualTarget {
  return (MANUAL_TARGETS as readonly OrderStatus[]).includes(status);
}

/** The statuses an order may move to from `from`. */
export function nextStatuses(from: OrderStatus): readonly OrderStatus[] {
  return TRANSITIONS[from];
}

/** Checks a move; `409 invalid_transition` when the machine does not allow it. */
export function transition(from: OrderStatus, to: OrderStatus): Result<OrderStatus, 'invalid_transition'> {
  return TRANSITIONS[from].includes(to)
    ? ok(to)
    : err('invalid_transition', `An order cannot go from ${from} to ${to}`, { from, to });
}

/** The status a new order starts in. */
export function initialStatus(paymentMethod: 'card' | 'cod'): OrderStatus {
  return paymentMethod === 'cod' ? 'confirmed' : 'pending_payment';
}

/** Whether the order's stock is still held for it (reserved, not yet shipped or given back). */
export function holdsStock(status: OrderStatus): boolean {
  return status === 'pending_payment' || status === 'confirmed' || status === 'paid' || status === 'fulfilling';
}
