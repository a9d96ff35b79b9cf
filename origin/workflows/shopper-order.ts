/**
 * The order as its shopper reads it (`GET /internal/orders/:id`): the order, and where its
 * payment stands, including whether it may be paid again now, how, and until when, so the
 * storefront can offer another card or cash on delivery after a declined payment.
 */

import type { ShopperOrder } from '../../contract/orders';
import { loadOrder, payableOrder } from '../orders';
import { currentPayment, methodRules, retryOffer, shopperPayment } from '../payment';
import type { OriginContext } from '../platform/context';

export async function shopperOrder(
  ctx: OriginContext,
  orderId: string,
  now = new Date(),
): Promise<ShopperOrder | null> {
  const [order, facts, current] = await Promise.all([
    loadOrder(ctx.db, orderId),
    payableOrder(ctx.db, orderId, { lock: false }),
    currentPayment(ctx.db, orderId),
  ]);
  if (!order || !facts) return null;
  if (!current) return { ...order, payment: null };
  const retry = retryOffer(
    { orderStatus: facts.status, paymentDeadline: facts.paymentDeadline, current },
    await methodRules(ctx),
    { country: facts.country, currency: facts.currency, amount: facts.total },
    now,
  );
  return { ...order, payment: { ...shopperPayment(current), attempt: current.attempt, retry } };
}
