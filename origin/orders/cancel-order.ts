/**
 * Cancelling an order: move it to `cancelled`, give its held stock back and republish the
 * affected products' availability, in one transaction. Idempotent: cancelling a cancelled
 * order changes nothing. Refused once any of its parcels has left (logistics' guard); the
 * labels of parcels not yet picked up are voided by logistics on `order.cancelled`.
 */
import { eq } from 'drizzle-orm';
import type { Order, OrderStatus } from '../../contract/orders';
import { orders } from '../../db/schema/orders';
import { releaseReservations } from '../inventory/reservations';
import { ensureNothingShipped } from '../logistics/cancel-guard';
import type { OriginContext, Tx } from '../platform/context';
import { enqueue } from '../platform/outbox/outbox';
import { err, ok, type Result } from '../platform/result';
import type { OrderRow } from './order-view';
import { loadOrder, moveOrder, OrderTopics } from './orders';

export type CancelOutcome = { cancelled: boolean };

export type CancelError = 'order_not_found' | 'invalid_transition' | 'order_partially_shipped';

/**
 * In the caller's transaction; `cancelled: false` when the order was already cancelled.
 * Refused with `order_partially_shipped` once any parcel of the order has left.
 */
export async function cancelInTx(
  tx: Tx,
  orderId: string,
  reason: string,
  onlyFrom?: readonly OrderStatus[],
): Promise<Result<CancelOutcome, CancelError>> {
  // Lock first: shipments change only under the order's lock, so the guard reads settled facts.
  await tx.select({ id: orders.id }).from(orders).where(eq(orders.id, orderId)).for('update');
  const guard = await ensureNothingShipped(tx, orderId);
  if (!guard.ok) return guard;
  const moved = await moveOrder(tx, orderId, 'cancelled', reason, onlyFrom);
  if (!moved.ok) {
    if (moved.code === 'invalid_transition' && moved.details?.from === 'cancelled') return ok({ cancelled: false });
    return moved;
  }
  await afterCancel(tx, moved.value, reason);
  return ok({ cancelled: true });
}

async function afterCancel(tx: Tx, order: OrderRow, reason: string) {
  const released = await releaseReservations(tx, order.id);
  await enqueue(tx, { topic: OrderTopics.cancelled, aggregateId: order.id, payload: { reason, released } });
}

/**
 * The order's money went back in full (the payment context's refund completed): `refunded`,
 * and stock still held for it (a paid order not yet shipped) is given back in the same
 * transaction, so a refunded order never keeps units from sale. An order whose goods already
 * left keeps its stock committed (a return brings goods back, not a refund).
 */
export async function refundOrderInTx(
  tx: Tx,
  orderId: string,
  reason: string,
): Promise<Result<OrderRow, 'order_not_found' | 'invalid_transition'>> {
  const moved = await moveOrder(tx, orderId, 'refunded', reason, ['paid', 'delivered', 'completed']);
  if (moved.ok) await releaseReservations(tx, orderId);
  return moved;
}

export async function cancelOrder(
  ctx: OriginContext,
  orderId: string,
  reason: string,
): Promise<Result<Order, CancelError>> {
  const result = await ctx.transaction((tx) => cancelInTx(tx, orderId, reason));
  if (!result.ok) return result;
  const order = await loadOrder(ctx.db, orderId);
  return order ? ok(order) : err('order_not_found', `No order ${orderId}`);
}

/**
 * The payment deadline of an unpaid card order has passed: cancel it and release its stock,
 * unless it was paid (or otherwise moved on) meanwhile. Safe to run twice or late.
 */
export async function expireUnpaidOrder(tx: Tx, orderId: string): Promise<void> {
  await cancelInTx(tx, orderId, 'payment_timeout', ['pending_payment']);
}
