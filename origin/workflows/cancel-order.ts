/**
 * The cancel-order workflow, in one transaction:
 *   1. lock the order (orders), so no shipment changes under the decision;
 *   2. make sure none of its parcels has left the warehouse (logistics): cancelling then would
 *      promise a refund of goods already on their way (`409 order_partially_shipped`);
 *   3. cancel it and give its held stock back (orders, inventory), announcing `order.cancelled`,
 *      on which payment voids or refunds its money and logistics voids unused labels.
 * Idempotent: a cancelled order stays as it is. The compensation of every step is the rollback.
 */
import type { Order, OrderStatus } from '../../contract/orders';
import { ensureNothingShipped } from '../logistics';
import { type CancelError, type CancelOutcome, cancelInTx, loadOrder, lockOrder } from '../orders';
import type { OriginContext, Tx } from '../platform/context';
import { err, ok, type Result } from '../platform/result';

export type CancelOrderError = CancelError | 'order_partially_shipped';

/** Steps 1–3 in the caller's transaction; `cancelled: false` when it was cancelled already. */
export async function cancelOrderInTx(
  tx: Tx,
  orderId: string,
  reason: string,
  onlyFrom?: readonly OrderStatus[],
): Promise<Result<CancelOutcome, CancelOrderError>> {
  await lockOrder(tx, orderId);
  const guard = await ensureNothingShipped(tx, orderId);
  if (!guard.ok) return guard;
  return cancelInTx(tx, orderId, reason, onlyFrom);
}

/** The merchant's cancel (admin API): the workflow in its own transaction, then the order. */
export async function cancelOrder(
  ctx: OriginContext,
  orderId: string,
  reason: string,
): Promise<Result<Order, CancelOrderError>> {
  const result = await ctx.transaction((tx) => cancelOrderInTx(tx, orderId, reason));
  if (!result.ok) return result;
  const order = await loadOrder(ctx.db, orderId);
  return order ? ok(order) : err('order_not_found', `No order ${orderId}`);
}

/**
 * The payment deadline of an unpaid card order has passed: cancel it and release its stock,
 * unless it was paid (or otherwise moved on) meanwhile. Safe to run twice or late.
 */
export async function expireUnpaidOrder(tx: Tx, orderId: string): Promise<void> {
  await cancelOrderInTx(tx, orderId, 'payment_timeout', ['pending_payment']);
}
