/**
 * Moves an order along the state machine with the side effects each step needs: shipping
 * takes the reserved stock out of `on_hand`; delivery announces `order.delivered` (COD is
 * settled on it, reviews open); cancelling gives the stock back (cancel-order.ts). Shipments
 * drive these moves (logistics), and the merchant can drive them by hand.
 */
import { asc, eq } from 'drizzle-orm';
import type { Order } from '../../contract/orders';
import { orderLines, orders } from '../../db/schema/orders';
import { commitReservations } from '../inventory/reservations';
import { paymentCoversShipment } from '../payment/payments';
import type { OriginContext, Tx } from '../platform/context';
import { enqueue, type Writer } from '../platform/outbox/outbox';
import { err, ok, type Result } from '../platform/result';
import { cancelInTx } from './cancel-order';
import type { ManualTarget } from './order-state';
import type { OrderLineRow, OrderRow } from './order-view';
import { loadOrder, moveOrder, OrderTopics } from './orders';

export type TransitionError =
  | 'order_not_found'
  | 'invalid_transition'
  | 'order_partially_shipped'
  | 'payment_not_authorized';
type Moved = Result<OrderRow, 'order_not_found' | 'invalid_transition'>;

/**
 * A move made by hand (the admin API): only fulfilment steps and cancelling; the statuses
 * that record money (`confirmed`, `paid`, `refunded`) come from the payment context alone.
 */
export async function transitionOrder(
  ctx: OriginContext,
  orderId: string,
  to: ManualTarget,
  reason: string,
): Promise<Result<Order, TransitionError>> {
  const moved = await ctx.transaction(async (tx): Promise<Result<unknown, TransitionError>> => {
    switch (to) {
      case 'cancelled':
        return cancelInTx(tx, orderId, reason);
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
  });
  if (!moved.ok) return moved;
  const order = await loadOrder(ctx.db, orderId);
  return order ? ok(order) : err('order_not_found', `No order ${orderId}`);
}

const notAuthorized = () =>
  err('payment_not_authorized', 'The order’s payment is not authorised: its goods cannot leave');

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
