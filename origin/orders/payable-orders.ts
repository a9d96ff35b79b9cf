/**
 * What the payment flows need of an order that waits for its payment: the facts that decide
 * whether the shopper may pay again (status, deadline, country, total), a note in its history
 * for each attempt and failure, and the switch of an unpaid card order to cash on delivery.
 * The order's row lock serialises every decision about one order's payment.
 */
import { eq } from 'drizzle-orm';
import type { OrderStatus, PaymentMethod } from '../../contract/orders';
import { orders } from '../../db/schema/orders';
import type { Tx } from '../platform/context';
import type { Writer } from '../platform/outbox/outbox';
import type { Result } from '../platform/result';
import type { OrderRow } from './order-view';
import { moveOrder, recordHistory } from './orders';

export interface PayableOrder {
  id: string;
  status: OrderStatus;
  paymentMethod: PaymentMethod;
  currency: string;
  total: number;
  /** The shipping country, which decides the payment methods on offer. */
  country: string;
  createdAt: Date;
  /** When an unpaid card order gives its stock back (null once it needs no payment). */
  paymentDeadline: Date | null;
}

/** The order's payment facts, or null; with `lock`, its row stays locked until the transaction ends. */
export async function payableOrder(db: Writer, id: string, options: { lock: boolean }): Promise<PayableOrder | null> {
  const query = db.select().from(orders).where(eq(orders.id, id));
  const [row] = options.lock ? await query.for('update') : await query;
  return row ? facts(row) : null;
}

function facts(row: OrderRow): PayableOrder {
  return {
    id: row.id,
    status: row.status,
    paymentMethod: row.paymentMethod,
    currency: row.currency,
    total: row.total,
    country: row.shippingAddress.country,
    createdAt: row.createdAt,
    paymentDeadline: row.reservationExpiresAt,
  };
}

/**
 * Records something that happened to the order's payment without moving the order (a declined
 * card, another attempt): the merchant reads the whole story in the order's history.
 */
export async function noteOnOrder(tx: Writer, order: { id: string; status: OrderStatus }, reason: string) {
  await recordHistory(tx, order.id, order.status, order.status, reason);
}

/**
 * An unpaid card order becomes a cash-on-delivery order, exactly as if it had been placed so:
 * method `cod`, no payment deadline (its stock stays held for delivery), `confirmed`. Only from
 * `pending_payment`; the caller holds the order's lock and has checked the method rules.
 */
export async function switchToCashOnDelivery(
  tx: Tx,
  orderId: string,
  reason: string,
): Promise<Result<OrderRow, 'order_not_found' | 'invalid_transition'>> {
  const moved = await moveOrder(tx, orderId, 'confirmed', reason, ['pending_payment']);
  if (moved.ok) {
    await tx
      .update(orders)
      .set({ paymentMethod: 'cod', reservationExpiresAt: null, updatedAt: new Date() })
      .where(eq(orders.id, orderId));
  }
  return moved;
}
