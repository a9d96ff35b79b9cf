/**
 * The place-order workflow: claim the key → validate and price → check the payment method →
 * build the order, its lines, payment and events → write them and the answer under the key (one
 * statement) → reserve stock → commit, all in one transaction (stock last, to hold the hottest row locks
 * for the shortest time). An order is committed before the answer goes out; a retry with the
 * same Idempotency-Key gets the stored answer; any refusal rolls back everything, so nothing
 * stays reserved. After the commit a card payment is started at its provider (card-payment.ts),
 * with the shop's order page as the return URL after 3-D Secure: the answer carries its current
 * state, also on a replay.
 */

import { newId } from '../../contract/ids';
import type { CheckoutRequest, CheckoutResponse } from '../../contract/orders';
import { requestHash } from '../checkout';
import { orderPageUrl, orderTokenOf } from '../orders';
import { currentPayment, methodRules, shopperPayment, startCardPayment } from '../payment';
import type { OriginContext } from '../platform/context';
import { foreignKeyViolation, uniqueViolation } from '../platform/db-errors';
import { err, ok, type Result } from '../platform/result';
import {
  Abort,
  buildOrder,
  checkPaymentMethod,
  claimKey,
  orderView,
  paymentView,
  priceOrder,
  type Replay,
  reserve,
  sellableOf,
  writeOrder,
} from './place-order.steps';

export type PlaceOrderOutcome = { status: number; body: Record<string, unknown> };

export async function placeOrder(ctx: OriginContext, req: CheckoutRequest): Promise<Result<PlaceOrderOutcome>> {
  const { idempotencyKey: _key, ...request } = req;
  const hash = await requestHash(request);
  const currency = ctx.config.storeCurrency;
  const rules = await methodRules(ctx);
  const sellable = await sellableOf(ctx, req, currency);
  try {
    const result = await ctx.transaction(async (tx): Promise<Replay> => {
      const replay = await claimKey(tx, req, hash);
      if (replay) return replay;
      const priced = await priceOrder(tx, req, currency, sellable);
      checkPaymentMethod(rules, req, priced, currency);
      const orderId = newId('ord');
      const now = new Date();
      const deadline =
        req.paymentMethod === 'card' ? new Date(now.getTime() + ctx.config.reservationTtlSeconds * 1000) : null;
      const write = buildOrder(orderId, req, priced, currency, deadline, ctx.config.payments.cardProvider, now);
      const orderToken = await orderTokenOf(ctx.config, orderId, now);
      const body: CheckoutResponse = { order: orderView(write), orderToken, payment: paymentView(write) };
      await writeOrder(tx, req, write, body);
      // Stock last: the rows of popular variants stay locked only from here to the commit, so
      // checkouts of a hot variant queue for a few statements rather than the whole workflow.
      // A refusal here still rolls back everything above.
      await reserve(tx, orderId, priced, ctx.config.lowStockThreshold);
      return { status: 201, body: body as unknown as Record<string, unknown> };
    });
    return ok(result.status === 201 ? await withPayment(ctx, req, result) : result);
  } catch (e) {
    if (e instanceof Abort) return e.outcome;
    const constraint = uniqueViolation(e);
    if (constraint === 'orders_cart_idx') {
      return err('cart_already_ordered', 'This cart has already been ordered under another Idempotency-Key');
    }
    if (foreignKeyViolation(e) === 'orders_customer_id_customers_id_fk') {
      return err('customer_not_found', 'The customer placing this order has no account');
    }
    throw e;
  }
}

/**
 * The answer with the card payment as it is now: a new card payment is started at its provider; a
 * replay shows the current state (and resumes a payment whose start was cut short).
 */
async function withPayment(ctx: OriginContext, req: CheckoutRequest, outcome: Replay): Promise<PlaceOrderOutcome> {
  const body = outcome.body as unknown as CheckoutResponse;
  if (req.paymentMethod === 'cod') return outcome; // nothing happens to it before delivery
  let payment = await currentPayment(ctx.db, body.order.id);
  if (!payment) return outcome;
  if (payment.status === 'pending' && req.card) {
    const returnUrl = orderPageUrl(ctx.config, body.order.id, body.orderToken);
    payment = await startCardPayment(ctx, payment, req.card.token, returnUrl);
  }
  return { status: outcome.status, body: { ...body, payment: shopperPayment(payment) } };
}
