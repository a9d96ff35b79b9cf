/**
 * The place-order workflow: claim the key → validate and price → create order and lines →
 * create payment intent → write outbox events → store the answer → reserve stock → commit, all
 * in one transaction (stock last, to hold the hottest row locks for the shortest time). An order is
 * committed before the answer goes out; a retry with the same Idempotency-Key gets the stored
 * answer; any refusal rolls back everything, so nothing stays reserved.
 */
import type { OriginContext } from '../context';
import { uniqueViolation } from '../platform/db-errors';
import { newId } from '../platform/ids';
import { err, ok, type Result } from '../platform/result';
import type { CheckoutRequest, CheckoutResponse } from './contract';
import { requestHash } from './idempotency';
import { signOrderToken } from './order-token';
import {
  Abort,
  claimKey,
  createOrder,
  createPaymentIntent,
  emitEvents,
  priceOrder,
  type Replay,
  reserve,
  storeResponse,
} from './place-order.steps';

export type PlaceOrderOutcome = { status: number; body: Record<string, unknown> };

export async function placeOrder(ctx: OriginContext, req: CheckoutRequest): Promise<Result<PlaceOrderOutcome>> {
  const { idempotencyKey: _key, ...request } = req;
  const hash = await requestHash(request);
  const currency = ctx.config.storeCurrency;
  try {
    const result = await ctx.transaction(async (tx): Promise<Replay> => {
      const replay = await claimKey(tx, req, hash);
      if (replay) return replay;
      const priced = await priceOrder(tx, req, currency);
      const orderId = newId('ord');
      const deadline =
        req.paymentMethod === 'card' ? new Date(Date.now() + ctx.config.reservationTtlSeconds * 1000) : null;
      const order = await createOrder(tx, orderId, req, priced, currency, deadline);
      const payment = createPaymentIntent(req);
      await emitEvents(tx, orderId, priced, deadline);
      const orderToken = await signOrderToken(ctx.config.orderTokenSecret, orderId, ctx.config.orderTokenTtlSeconds);
      const body: CheckoutResponse = { order, orderToken, payment };
      await storeResponse(tx, req, orderId, body);
      // Stock last: the rows of popular variants stay locked only from here to the commit, so
      // checkouts of a hot variant queue for a few statements rather than the whole workflow.
      // A refusal here still rolls back everything above.
      await reserve(tx, orderId, priced, ctx.config.lowStockThreshold);
      return { status: 201, body: body as unknown as Record<string, unknown> };
    });
    return ok(result);
  } catch (e) {
    if (e instanceof Abort) return e.outcome;
    const constraint = uniqueViolation(e);
    if (constraint === 'orders_cart_idx') {
      return err('cart_already_ordered', 'This cart has already been ordered under another Idempotency-Key');
    }
    throw e;
  }
}
