/**
 * When a shopper may pay an order again, as pure functions. A declined card no longer ends the
 * order: it stays `pending_payment`, its stock held, until its payment deadline. Until then the
 * shopper may make a new attempt, with another card or by switching to cash on delivery where
 * the method rules offer it for the order, but only once the current attempt can no longer take
 * money (failed or cancelled): one live attempt per order, so one charge at most.
 */

import type { OrderStatus, PaymentMethod, PaymentStatus } from '../../contract/orders';
import { type Err, err } from '../platform/result';
import { type MethodRule, offeredMethods, refusal } from './method-rules';

export type RetryRefusalCode =
  | 'order_cancelled'
  | 'order_not_awaiting_payment'
  | 'payment_deadline_passed'
  | 'payment_in_progress';

export interface RetryFacts {
  orderStatus: OrderStatus;
  /** The end of the stock hold of an unpaid order (null: none, e.g. cash on delivery). */
  paymentDeadline: Date | null;
  /** The order's current (latest) payment attempt, if any. */
  current: { status: PaymentStatus } | null;
}

/** Statuses after which an attempt can take no money: a new one may start. */
const SETTLED_WITHOUT_MONEY: readonly PaymentStatus[] = ['failed', 'cancelled'];

/** Why the order cannot be paid again now (all 409s), or null when a new attempt may start. */
export function retryRefusal(facts: RetryFacts, now: Date): Err<RetryRefusalCode> | null {
  if (facts.orderStatus === 'cancelled') return err('order_cancelled', 'This order was cancelled; place a new one');
  if (facts.orderStatus !== 'pending_payment') {
    return err('order_not_awaiting_payment', `This order is ${facts.orderStatus} and needs no payment`);
  }
  if (!facts.paymentDeadline || facts.paymentDeadline.getTime() <= now.getTime()) {
    return err('payment_deadline_passed', 'The time to pay this order is over; its items were released');
  }
  if (facts.current && !SETTLED_WITHOUT_MONEY.includes(facts.current.status)) {
    return err('payment_in_progress', `The current payment is ${facts.current.status}; wait for its outcome`, {
      paymentStatus: facts.current.status,
    });
  }
  return null;
}

export interface RetryQuery {
  country: string;
  currency: string;
  amount: number;
}

/** Whether `method` is offered for this order, as checkout decides it (422 with what is). */
export function methodRefusal(
  rules: MethodRule[],
  method: PaymentMethod,
  q: RetryQuery,
): Err<'payment_method_unavailable'> | null {
  const rule = rules.find((r) => r.method === method);
  const why = rule ? refusal(rule, q) : 'unknown method';
  return why
    ? err('payment_method_unavailable', `Payment by ${method} is ${why}`, { offered: offeredMethods(rules, q) })
    : null;
}

/** What the shopper's order view offers: the methods to pay again with, until when; null when none. */
export function retryOffer(
  facts: RetryFacts,
  rules: MethodRule[],
  q: RetryQuery,
  now: Date,
): { methods: PaymentMethod[]; until: string } | null {
  if (retryRefusal(facts, now) || !facts.paymentDeadline) return null;
  const methods = offeredMethods(rules, q);
  return methods.length > 0 ? { methods, until: facts.paymentDeadline.toISOString() } : null;
}
