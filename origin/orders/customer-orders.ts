/**
 * Orders seen from their customer: which are theirs, a page of them, and claiming the guest
 * orders placed with their email. The customers context decides who may ask; the orders
 * context alone reads and writes the orders table.
 */
import { and, count, desc, eq, isNull, lt } from 'drizzle-orm';
import type { Order } from '../../contract/orders';
import { orders } from '../../db/schema/orders';
import type { Writer } from '../platform/outbox/outbox';
import { loadOrders } from './orders';

/** Gives the guest orders placed with `email` to the customer; returns their ids, sorted. Idempotent. */
export async function claimOrdersByEmail(db: Writer, customerId: string, email: string): Promise<string[]> {
  const rows = await db
    .update(orders)
    .set({ customerId })
    .where(and(isNull(orders.customerId), eq(orders.email, email)))
    .returning({ id: orders.id });
  return rows.map((r) => r.id).sort();
}

/** The customer's orders, newest first, after `afterId` (the last id of the previous page). */
export async function ordersOfCustomer(
  db: Writer,
  customerId: string,
  afterId: string | undefined,
  limit: number,
): Promise<{ items: Order[]; lastId: string | null }> {
  const where = [eq(orders.customerId, customerId)];
  if (afterId) where.push(lt(orders.id, afterId));
  const rows = await db
    .select({ id: orders.id })
    .from(orders)
    .where(and(...where))
    .orderBy(desc(orders.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit).map((r) => r.id);
  return { items: await loadOrders(db, page), lastId: rows.length > limit ? (page.at(-1) ?? null) : null };
}

/** Whether the order belongs to the customer (session-based order reads). */
export async function isCustomersOrder(db: Writer, customerId: string, orderId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: orders.id })
    .from(orders)
    .where(and(eq(orders.id, orderId), eq(orders.customerId, customerId)));
  return Boolean(row);
}

export async function countCustomerOrders(db: Writer, customerId: string): Promise<number> {
  const [counted] = await db.select({ n: count() }).from(orders).where(eq(orders.customerId, customerId));
  return Number(counted?.n ?? 0);
}
