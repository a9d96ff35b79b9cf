/**
 * A move the merchant makes by hand (`POST /admin/orders/{id}/transition`): the fulfilment steps
 * and cancelling only; the statuses that record money (`confirmed`, `paid`, `refunded`) come
 * from the payment context alone. Goods may leave (`fulfilling`, `shipped`) only for an order
 * whose payment is authorised, captured or cash on delivery (payment), and cancelling goes
 * through the cancel-order workflow (no parcel may have left).
 */
import type { Order } from '../../contract/orders';
import { deliverOrderInTx, loadOrder, type ManualTarget, moveOrder, shipOrderInTx } from '../orders';
import { paymentCoversShipment } from '../payment';
import type { OriginContext, Tx } from '../platform/context';
import { err, ok, type Result } from '../platform/result';
import { type CancelOrderError, cancelOrderInTx } from './cancel-order';

export type TransitionError = CancelOrderError | 'payment_not_authorized';

const notAuthorized = () =>
  err('payment_not_authorized', 'The order’s payment is not authorised: its goods cannot leave');

async function moveByHand(tx: Tx, orderId: string, to: ManualTarget, reason: string) {
  switch (to) {
    case 'cancelled':
      return cancelOrderInTx(tx, orderId, reason);
    case 'shipped':
      if (!(await paymentCoversShipment(tx, orderId))) return notAuthorized();
      return shipOrderInTx(tx, orderId, reason);
    case 'delivered':
      return deliverOrderInTx(tx, orderId, new Date(), reason);
    case 'fulfilling':
      if (!(await paymentCoversShipment(tx, orderId))) return notAuthorized();
      return moveOrder(tx, orderId, to, reason);
    case 'completed':
      return moveOrder(tx, orderId, to, reason);
  }
}

export async function transitionOrder(
  ctx: OriginContext,
  orderId: string,
  to: ManualTarget,
  reason: string,
): Promise<Result<Order, TransitionError>> {
  const moved = await ctx.transaction(
    (tx): Promise<Result<unknown, TransitionError>> => moveByHand(tx, orderId, to, reason),
  );
  if (!moved.ok) return moved;
  const order = await loadOrder(ctx.db, orderId);
  return order ? ok(order) : err('order_not_found', `No order ${orderId}`);
}
