/**
 * Moves an order along its fulfilment with the side effects each step needs: shipping takes
 * the reserved stock out of `on_hand`; delivery announces `order.delivered` (COD is settled on
 * it, reviews open). Shipments drive these moves (logistics), and the merchant can drive them
 * by hand (workflows/transition-order.ts).
 */
import { asc, eq } from 'drizzle-orm';
import { orderLines, orders } from '../../db/schema/orders';
import { commitReservations } from '../inventory';
import type { Tx } from '../platform/context';
import { enqueue, type Writer } from '../platform/outbox/outbox';
import type { Result } from '../platform/result';
import type { OrderLineRow, OrderRow } from './order-view';
import { moveOrder, OrderTopics } from './orders';

type Moved = Result<OrderRow, 'order_not_found' | 'invalid_transition'>;

/**
 * All the order's goods left: `shipped`, and its held stock leaves `on_hand` (reservations are
 * per order and variant, so a partially shipped order keeps its stock reserved until the last
 * parcel leaves; `available` is right throughout).
 */
export async function shipOrderInTx(tx: Tx, orderId: string, reason: string): Promise<Moved> {
  const moved = await moveOrder(tx, orderId, 'shipped', reason);
  if (moved.ok) await commitReservations(tx, orderId);
  return moved;
}

/** `delivered`, announced as `order.delivered { deliveredAt }` in the same transaction. */
export async function deliverOrderInTx(tx: Tx, orderId: string, deliveredAt: Date, reason: string): Promise<Moved> {
  const moved = await moveOrder(tx, orderId, 'delivered', reason);
  if (moved.ok) {
    await enqueue(tx, {
      topic: OrderTopics.delivered,
      aggregateId: orderId,
      payload: { deliveredAt: deliveredAt.toISOString() },
    });
  }
  return moved;
}

/** Every parcel arrived: delivered, then completed at once (nothing else is awaited). */
export async function completeDeliveryInTx(tx: Tx, orderId: string, deliveredAt: Date, reason: string): Promise<Moved> {
  const delivered = await deliverOrderInTx(tx, orderId, deliveredAt, reason);
  if (!delivered.ok) return delivered;
  const completed = await moveOrder(tx, orderId, 'completed', reason);
  return completed.ok ? delivered : completed;
}

export interface FulfilmentOrder {
  order: OrderRow;
  /** Sorted by line number. */
  lines: OrderLineRow[];
}

/**
 * An order and its lines for a fulfilment decision. With `lock`, the order row is locked until
 * the transaction ends, so decisions about the same order (what is left to ship) are serialised.
 */
export async function fulfilmentOrder(
  w: Writer,
  orderId: string,
  options: { lock: boolean },
): Promise<FulfilmentOrder | null> {
  const query = w.select().from(orders).where(eq(orders.id, orderId));
  const [order] = options.lock ? await query.for('update') : await query;
  if (!order) return null;
  const lines = await w
    .select()
    .from(orderLines)
    .where(eq(orderLines.orderId, orderId))
    .orderBy(asc(orderLines.lineNo));
  return { order, lines };
}
