/**
 * The orders context's part of cancelling: move the order to `cancelled` and give its held
 * stock back (inventory announces the new availability), in the caller's transaction.
 * Idempotent: cancelling a cancelled order changes nothing. Whether it may be cancelled at all
 * (no parcel has left) is the cancel-order workflow's first step (workflows/cancel-order.ts);
 * the labels of parcels not yet picked up are voided by logistics on `order.cancelled`.
 */
import { eq } from 'drizzle-orm';
import type { OrderStatus } from '../../contract/orders';
import { orders } from '../../db/schema/orders';
import { releaseReservations } from '../inventory';
import type { Tx } from '../platform/context';
import { enqueue } from '../platform/outbox/outbox';
import { ok, type Result } from '../platform/result';
import type { OrderRow } from './order-view';
import { moveOrder, OrderTopics } from './orders';

export type CancelOutcome = { cancelled: boolean };

export type CancelError = 'order_not_found' | 'invalid_transition';

/**
 * Locks the order row until the transaction ends: shipments change only under this lock, so a
 * check made after it (nothing shipped) reads settled facts.
 */
export async function lockOrder(tx: Tx, orderId: string): Promise<void> {
  await tx.select({ id: orders.id }).from(orders).where(eq(orders.id, orderId)).for('update');
}

/** In the caller's transaction; `cancelled: false` when the order was already cancelled. */
export async function cancelInTx(
  tx: Tx,
  orderId: string,
  reason: string,
  onlyFrom?: readonly OrderStatus[],
): Promise<Result<CancelOutcome, CancelError>> {
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
