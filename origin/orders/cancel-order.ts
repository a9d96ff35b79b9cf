/**
 * Cancelling an order: move it to `cancelled`, give its held stock back and republish the
 * affected products' availability, in one transaction. Idempotent: cancelling a cancelled
 * order changes nothing.
 */
import { inArray } from 'drizzle-orm';
import { variants } from '../../db/schema';
import { productChangedMessage } from '../catalog/events';
import type { Order, OrderStatus } from '../checkout/contract';
import type { OriginContext, Tx } from '../context';
import { releaseReservations } from '../inventory/reservations';
import { enqueue } from '../platform/outbox/outbox';
import { err, ok, type Result } from '../platform/result';
import type { OrderRow } from './order-view';
import { loadOrder, moveOrder, OrderTopics } from './orders';

export type CancelOutcome = { cancelled: boolean };

/** In the caller's transaction; `cancelled: false` when the order was already cancelled. */
export async function cancelInTx(
  tx: Tx,
  orderId: string,
  reason: string,
  onlyFrom?: readonly OrderStatus[],
): Promise<Result<CancelOutcome, 'order_not_found' | 'invalid_transition'>> {
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
  const products = released.length
    ? await tx.selectDistinct({ id: variants.productId }).from(variants).where(inArray(variants.id, released))
    : [];
  await enqueue(
    tx,
    { topic: OrderTopics.cancelled, aggregateId: order.id, payload: { reason, released } },
    ...products.map((p) => productChangedMessage(p.id)),
  );
}

export async function cancelOrder(
  ctx: OriginContext,
  orderId: string,
  reason: string,
): Promise<Result<Order, 'order_not_found' | 'invalid_transition'>> {
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
