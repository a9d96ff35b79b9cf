/**
 * The orders context: reading orders and moving them through the state machine. Every status
 * change is checked by `transition`, recorded in the history and announced in the outbox,
 * all in the caller's transaction.
 */
import { and, asc, desc, eq, gte, inArray, lt, lte, type SQL } from 'drizzle-orm';
import { newId } from '../../contract/ids';
import type { Order, OrderStatus } from '../../contract/orders';
import { orderHistory, orderLines, orders } from '../../db/schema/orders';
import { enqueue, type Writer } from '../platform/outbox/outbox';
import { err, ok, type Result } from '../platform/result';
import { transition } from './order-state';
import { type OrderRow, toOrder } from './order-view';

export const OrderTopics = {
  placed: 'order.placed',
  statusChanged: 'order.status_changed',
  cancelled: 'order.cancelled',
  paymentDeadline: 'order.payment_deadline',
  /** Every parcel of the order arrived (COD is settled, reviews open). */
  delivered: 'order.delivered',
} as const;

export async function loadOrders(db: Writer, ids: string[]): Promise<Order[]> {
  if (ids.length === 0) return [];
  const rows = await db.select().from(orders).where(inArray(orders.id, ids));
  const lines = await db.select().from(orderLines).where(inArray(orderLines.orderId, ids));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row
      ? [
          toOrder(
            row,
            lines.filter((l) => l.orderId === id),
          ),
        ]
      : [];
  });
}

export async function loadOrder(db: Writer, id: string): Promise<Order | null> {
  return (await loadOrders(db, [id]))[0] ?? null;
}

/** Just the order's status (null when there is no such order): for contexts that react to it. */
export async function orderStatusOf(db: Writer, id: string): Promise<OrderStatus | null> {
  const [row] = await db.select({ status: orders.status }).from(orders).where(eq(orders.id, id));
  return row?.status ?? null;
}

export async function orderHistoryOf(db: Writer, id: string) {
  const rows = await db.select().from(orderHistory).where(eq(orderHistory.orderId, id)).orderBy(asc(orderHistory.id));
  return rows.map((h) => ({ from: h.fromStatus, to: h.toStatus, reason: h.reason, at: h.createdAt.toISOString() }));
}

/** Writes a history entry (used when an order is created, and by every transition). */
export async function recordHistory(
  tx: Writer,
  orderId: string,
  from: OrderStatus | null,
  to: OrderStatus,
  reason: string,
) {
  await tx.insert(orderHistory).values({ id: newId('evt'), orderId, fromStatus: from, toStatus: to, reason });
}

/**
 * Moves an order to `to` if the state machine allows it, locking the row first so two
 * concurrent moves are serialised. `onlyFrom` narrows the move to some current statuses (a
 * timer that must not touch an order that moved on meanwhile). Returns the previous row.
 */
export async function moveOrder(
  tx: Writer,
  orderId: string,
  to: OrderStatus,
  reason: string,
  onlyFrom?: readonly OrderStatus[],
): Promise<Result<OrderRow, 'order_not_found' | 'invalid_transition'>> {
  const [row] = await tx.select().from(orders).where(eq(orders.id, orderId)).for('update');
  if (!row) return err('order_not_found', `No order ${orderId}`);
  const allowed =
    onlyFrom && !onlyFrom.includes(row.status)
      ? err('invalid_transition', `Only an order in ${onlyFrom.join(', ')} moves to ${to} here`, {
          from: row.status,
          to,
        })
      : transition(row.status, to);
  if (!allowed.ok) return allowed;
  await tx.update(orders).set({ status: to, updatedAt: new Date() }).where(eq(orders.id, orderId));
  await recordHistory(tx, orderId, row.status, to, reason);
  await enqueue(tx, {
    topic: OrderTopics.statusChanged,
    aggregateId: orderId,
    payload: { from: row.status, to, reason },
  });
  return ok(row);
}

export interface OrderFilter {
  status?: OrderStatus;
  email?: string;
  from?: Date;
  to?: Date;
  afterId?: string;
  limit: number;
}

export async function listOrders(db: Writer, filter: OrderFilter): Promise<{ items: Order[]; lastId: string | null }> {
  const where: SQL[] = [];
  if (filter.status) where.push(eq(orders.status, filter.status));
  if (filter.email) where.push(eq(orders.email, filter.email.toLowerCase()));
  if (filter.from) where.push(gte(orders.createdAt, filter.from));
  if (filter.to) where.push(lte(orders.createdAt, filter.to));
  if (filter.afterId) where.push(lt(orders.id, filter.afterId));
  const rows = await db
    .select({ id: orders.id })
    .from(orders)
    .where(and(...where))
    .orderBy(desc(orders.id))
    .limit(filter.limit + 1);
  const page = rows.slice(0, filter.limit).map((r) => r.id);
  return { items: await loadOrders(db, page), lastId: rows.length > filter.limit ? (page.at(-1) ?? null) : null };
}
