/**
 * The payment context's data: payment rows per order and the views of them. Other contexts
 * call these functions, never the tables.
 */
import { and, asc, desc, eq, type SQL, sql } from 'drizzle-orm';
import { newId } from '../../contract/ids';
import type { PaymentMethod } from '../../contract/orders';
import { payments, refunds } from '../../db/schema/payment';
import type { Writer } from '../platform/outbox/outbox';

export type PaymentRow = typeof payments.$inferSelect;
export type RefundRow = typeof refunds.$inferSelect;

/** The provider name recorded for cash on delivery (no outside party). */
export const COD_PROVIDER = 'cod';

/** The first payment of a new order (attempt 1), every column set, not yet written. */
export function newPaymentRecord(input: {
  orderId: string;
  method: PaymentMethod;
  cardProvider: string;
  amount: number;
  currency: string;
  now: Date;
}): PaymentRow {
  return {
    id: newId('pay'),
    orderId: input.orderId,
    attempt: 1,
    method: input.method,
    provider: input.method === 'cod' ? COD_PROVIDER : input.cardProvider,
    providerRef: null,
    status: input.method === 'cod' ? 'pending_collection' : 'pending',
    amount: input.amount,
    currency: input.currency,
    amountCaptured: 0,
    amountRefunded: 0,
    failureCode: null,
    nextAction: null,
    createdAt: input.now,
    updatedAt: input.now,
  };
}

/** Its insert as a statement, for a workflow that writes in one statement (platform/sql-batch.ts). */
export function insertPaymentStatement(tx: Writer, payment: PaymentRow): SQL {
  return tx.insert(payments).values(payment).getSQL();
}

/** The order's payments, first attempt first. */
export async function paymentsOfOrder(db: Writer, orderId: string): Promise<PaymentRow[]> {
  return db.select().from(payments).where(eq(payments.orderId, orderId)).orderBy(asc(payments.attempt));
}

/**
 * The order's current payment (the latest attempt, by its number: clocks of several origins
 * need not agree), locked when `forUpdate`.
 */
export async function currentPayment(db: Writer, orderId: string, forUpdate = false): Promise<PaymentRow | null> {
  const query = db
    .select()
    .from(payments)
    .where(eq(payments.orderId, orderId))
    .orderBy(desc(payments.attempt))
    .limit(1);
  const [row] = forUpdate ? await query.for('update') : await query;
  return row ?? null;
}

/**
 * Whether the order's goods may leave: its current payment is authorised or captured (card),
 * or waits for the cash at the door (COD). A declined, cancelled or unconfirmed card payment
 * never lets goods go.
 */
export async function paymentCoversShipment(db: Writer, orderId: string): Promise<boolean> {
  const current = await currentPayment(db, orderId);
  if (!current) return false;
  return current.method === 'cod'
    ? current.status === 'pending_collection' || current.status === 'captured'
    : current.status === 'authorized' || current.status === 'captured';
}

export async function paymentById(db: Writer, id: string, forUpdate = false): Promise<PaymentRow | null> {
  const query = db.select().from(payments).where(eq(payments.id, id));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row ?? null;
}

export async function paymentByRef(db: Writer, provider: string, ref: string): Promise<PaymentRow | null> {
  const [row] = await db
    .select()
    .from(payments)
    .where(and(eq(payments.provider, provider), eq(payments.providerRef, ref)))
    .for('update');
  return row ?? null;
}

export async function refundsOfOrder(db: Writer, orderId: string): Promise<RefundRow[]> {
  return db.select().from(refunds).where(eq(refunds.orderId, orderId)).orderBy(asc(refunds.createdAt));
}

/** Sum of the payment's refunds still under way. */
export async function pendingRefundTotal(db: Writer, paymentId: string): Promise<number> {
  const [row] = await db
    .select({ total: sql<number>`coalesce(sum(${refunds.amount}), 0)::bigint` })
    .from(refunds)
    .where(and(eq(refunds.paymentId, paymentId), eq(refunds.status, 'pending')));
  return Number(row?.total ?? 0);
}

/** What the shopper sees of a payment in the checkout answer. */
export interface ShopperPayment {
  id: string;
  status: string;
  nextAction: Record<string, unknown> | null;
  failureCode?: string;
}

export function shopperPayment(row: PaymentRow): ShopperPayment {
  return {
    id: row.id,
    status: row.status === 'pending_collection' ? 'cash_on_delivery' : row.status,
    nextAction: row.nextAction ?? null,
    ...(row.failureCode ? { failureCode: row.failureCode } : {}),
  };
}

const money = (amount: number, currency: string) => ({ amount, currency });

/** The merchant's view of a payment. */
export function adminPayment(row: PaymentRow) {
  return {
    id: row.id,
    orderId: row.orderId,
    attempt: row.attempt,
    method: row.method,
    provider: row.provider,
    providerRef: row.providerRef,
    status: row.status,
    amount: money(row.amount, row.currency),
    captured: money(row.amountCaptured, row.currency),
    refunded: money(row.amountRefunded, row.currency),
    failureCode: row.failureCode,
    nextAction: row.nextAction ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function adminRefund(row: RefundRow, currency: string) {
  return {
    id: row.id,
    paymentId: row.paymentId,
    orderId: row.orderId,
    amount: money(row.amount, currency),
    status: row.status,
    reason: row.reason,
    providerRef: row.providerRef,
    failureCode: row.failureCode,
    createdAt: row.createdAt.toISOString(),
  };
}
