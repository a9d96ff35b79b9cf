/**
 * Paying an order again after a declined card: claim the Idempotency-Key (scoped to the order) →
 * lock the order → may it be paid again (payment/retry-rules.ts: unpaid, within its payment
 * deadline, its current attempt failed or cancelled) → is the method offered for it → the next
 * attempt, noted in the order's history (cash on delivery: the order is confirmed as a COD order
 * would be) → the answer stored under the key → commit, in one transaction. Any refusal rolls
 * everything back. Then a card attempt starts at its provider, with the shop's order page as the
 * 3-D Secure return URL. The order's row lock serialises attempts, and a database index keeps one
 * live attempt per order, so of concurrent attempts one wins and the order is charged once.
 */

import type { PaymentRetryRequest, PaymentRetryResponse } from '../../contract/orders';
import { claimScopedKey, KeyReused, requestHash, type StoredAnswer, storeAnswer } from '../checkout';
import { loadOrder, noteOnOrder, orderPageUrl, orderTokenOf, payableOrder, switchToCashOnDelivery } from '../orders';
import {
  addAttempt,
  currentPayment,
  methodRefusal,
  methodRules,
  paymentById,
  retryRefusal,
  shopperPayment,
  startCardPayment,
} from '../payment';
import type { OriginContext } from '../platform/context';
import { uniqueViolation } from '../platform/db-errors';
import { err, ok, type Result } from '../platform/result';
import { Abort } from './place-order.steps';

export type RetryOutcome = { status: number; body: PaymentRetryResponse };

const LIVE_ATTEMPT_INDEXES = new Set(['payments_one_live_per_order_idx', 'payments_order_attempt_idx']);

/** The key scope of an order's payment attempts (checkout keys are scoped to carts). */
const scopeOf = (orderId: string) => `payment:${orderId}`;

export async function retryPayment(
  ctx: OriginContext,
  orderId: string,
  req: PaymentRetryRequest,
): Promise<Result<RetryOutcome>> {
  const { idempotencyKey, ...request } = req;
  const hash = await requestHash({ orderId, ...request });
  const rules = await methodRules(ctx);
  try {
    const answer = await ctx.transaction(async (tx): Promise<StoredAnswer> => {
      const replay = await claimScopedKey(tx, scopeOf(orderId), idempotencyKey, hash);
      if (replay) return replay;
      const order = await payableOrder(tx, orderId, { lock: true });
      if (!order) throw new Abort(err('order_not_found', 'No such order'));
      // Read, not locked: a failed or cancelled attempt can only become captured, which
      // payment-effects.ts refunds once a newer attempt exists (and webhooks lock payment first).
      const current = await currentPayment(tx, orderId);
      const refused =
        retryRefusal({ orderStatus: order.status, paymentDeadline: order.paymentDeadline, current }, new Date()) ??
        methodRefusal(rules, req.paymentMethod, {
          country: order.country,
          currency: order.currency,
          amount: order.total,
        });
      if (refused) throw new Abort(refused);
      const input = { orderId, method: req.paymentMethod, cardProvider: ctx.config.payments.cardProvider };
      const payment = await addAttempt(tx, { ...input, amount: order.total, currency: order.currency }, current);
      const reason = `payment_attempt:${payment.attempt}:${payment.method}`;
      if (req.paymentMethod === 'cod') {
        const switched = await switchToCashOnDelivery(tx, orderId, reason);
        if (!switched.ok) throw new Abort(switched);
      } else {
        await noteOnOrder(tx, order, reason);
      }
      const body: PaymentRetryResponse = {
        order: (await loadOrder(tx, orderId)) as PaymentRetryResponse['order'],
        payment: shopperPayment(payment),
      };
      const stored = { status: 201, body: body as unknown as Record<string, unknown> };
      await storeAnswer(tx, scopeOf(orderId), idempotencyKey, stored, orderId);
      return stored;
    });
    return ok(await withAttempt(ctx, req, answer));
  } catch (e) {
    if (e instanceof Abort) return e.outcome;
    if (e instanceof KeyReused) return e.outcome;
    if (LIVE_ATTEMPT_INDEXES.has(uniqueViolation(e) ?? '')) {
      return err('payment_in_progress', 'Another payment of this order is under way; wait for its outcome');
    }
    throw e;
  }
}

/**
 * The answer with the attempt as it is now: a new card attempt is started at its provider; a
 * replay shows its current state (and resumes an attempt whose start was cut short).
 */
async function withAttempt(ctx: OriginContext, req: PaymentRetryRequest, answer: StoredAnswer): Promise<RetryOutcome> {
  const body = answer.body as unknown as PaymentRetryResponse;
  let payment = await paymentById(ctx.db, body.payment.id);
  if (!payment) return { status: answer.status, body };
  if (payment.status === 'pending' && req.paymentMethod === 'card') {
    const order = await payableOrder(ctx.db, payment.orderId, { lock: false });
    if (order) {
      const token = await orderTokenOf(ctx.config, order.id, order.createdAt);
      payment = await startCardPayment(ctx, payment, req.card.token, orderPageUrl(ctx.config, order.id, token));
    }
  }
  return { status: answer.status, body: { ...body, payment: shopperPayment(payment) } };
}
