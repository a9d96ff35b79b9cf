/**
 * A new order as the orders context writes it: its row, its lines and its first history entry,
 * built in memory (so a workflow can answer before writing) and written as statements a
 * workflow can compose with other contexts' writes into one (platform/sql-batch.ts).
 */
import type { SQL } from 'drizzle-orm';
import { newId } from '../../contract/ids';
import type { CheckoutRequest } from '../../contract/orders';
import { orderHistory, orderLines, orders } from '../../db/schema/orders';
import type { Writer } from '../platform/outbox/outbox';
import { initialStatus } from './order-state';
import type { OrderLineRow, OrderRow } from './order-view';

export interface NewOrderLine {
  variantId: string;
  productId: string;
  sku: string;
  title: string;
  quantity: number;
  unitPrice: number;
}

export interface NewOrder {
  id: string;
  request: Pick<CheckoutRequest, 'cartId' | 'email' | 'customerId' | 'paymentMethod' | 'shippingAddress'>;
  currency: string;
  totals: { subtotal: number; shipping: number; tax: number; total: number };
  shippingMethodId: string;
  lines: NewOrderLine[];
  /** Unpaid card orders give their stock back at this moment (null: nothing to wait for). */
  reservationExpiresAt: Date | null;
  now: Date;
}

export interface OrderRecord {
  order: OrderRow;
  lines: OrderLineRow[];
}

/** The order's row and lines, numbered in the order given, every column set. */
export function newOrderRecord(input: NewOrder): OrderRecord {
  const { request, now } = input;
  const order: OrderRow = {
    id: input.id,
    cartId: request.cartId,
    status: initialStatus(request.paymentMethod),
    email: request.email.trim().toLowerCase(),
    customerId: request.customerId ?? null,
    currency: input.currency,
    ...input.totals,
    paymentMethod: request.paymentMethod,
    shippingAddress: request.shippingAddress,
    shippingMethodId: input.shippingMethodId,
    reservationExpiresAt: input.reservationExpiresAt,
    createdAt: now,
    updatedAt: now,
  };
  const lines = input.lines.map((l, i) => ({
    orderId: input.id,
    lineNo: i + 1,
    ...l,
    lineTotal: l.quantity * l.unitPrice,
  }));
  return { order, lines };
}

/** The inserts of a new order: the order, its lines and its first history entry (`placed`). */
export function placeOrderStatements(tx: Writer, record: OrderRecord): SQL[] {
  const { order } = record;
  return [
    tx.insert(orders).values(order).getSQL(),
    tx.insert(orderLines).values(record.lines).getSQL(),
    tx
      .insert(orderHistory)
      .values({
        id: newId('evt'),
        orderId: order.id,
        fromStatus: null,
        toStatus: order.status,
        reason: 'placed',
        createdAt: order.createdAt,
      })
      .getSQL(),
  ];
}
