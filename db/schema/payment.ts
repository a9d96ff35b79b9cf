import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { PaymentMethod } from '../../contract/orders';
import { PAYMENT_STATUSES, type PaymentStatus } from '../../contract/orders';
import { money } from './money';

export { PAYMENT_STATUSES, type PaymentStatus };

import { PAYMENT_METHODS } from './orders';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const list = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

export const REFUND_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];

/** The statuses in which an attempt may still take money, or is about to (cash on delivery). */
export const LIVE_PAYMENT_STATUSES = [
  'pending',
  'requires_action',
  'processing',
  'authorized',
  'pending_collection',
] as const satisfies readonly PaymentStatus[];

/**
 * One payment per order attempt: the checkout's is attempt 1, each new attempt of the shopper
 * (another card, or cash on delivery, after a declined one) the next number; the highest is the
 * order's current payment. Money in integer minor units; the check constraint keeps refunded ≤
 * captured ≤ amount whatever the code does. At most one attempt of an order is live (may still
 * take money) at a time; a capture is never refused (money taken must be seen, then refunded).
 */
export const payments = pgTable(
  'payments',
  {
    id: text('id').primaryKey(),
    orderId: text('order_id').notNull(),
    /** 1, 2, … per order, in the order the shopper made the attempts. */
    attempt: integer('attempt').notNull().default(1),
    method: text('method', { enum: PAYMENT_METHODS }).$type<PaymentMethod>().notNull(),
    /** `sandbox-card`, `stripe`, … for cards; `cod` for cash on delivery. */
    provider: text('provider').notNull(),
    /** The provider's id for this payment (a payment intent id). */
    providerRef: text('provider_ref'),
    status: text('status', { enum: PAYMENT_STATUSES }).notNull(),
    amount: money('amount').notNull(),
    currency: text('currency').notNull(),
    amountCaptured: money('amount_captured').notNull().default(0),
    amountRefunded: money('amount_refunded').notNull().default(0),
    failureCode: text('failure_code'),
    nextAction: jsonb('next_action').$type<Record<string, unknown>>(),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('payments_order_attempt_idx').on(t.orderId, t.attempt),
    uniqueIndex('payments_one_live_per_order_idx')
      .on(t.orderId)
      .where(sql`${t.status} in (${list(LIVE_PAYMENT_STATUSES)})`),
    uniqueIndex('payments_provider_ref_idx').on(t.provider, t.providerRef),
    check(
      'payments_money_check',
      sql`${t.amount} >= 0 and ${t.amountCaptured} >= 0 and ${t.amountCaptured} <= ${t.amount} and ${t.amountRefunded} >= 0 and ${t.amountRefunded} <= ${t.amountCaptured}`,
    ),
    check('payments_status_check', sql`${t.status} in (${list(PAYMENT_STATUSES)})`),
  ],
);

/** Refunds of a payment. One per (payment, Idempotency-Key): a repeated request finds it. */
export const refunds = pgTable(
  'refunds',
  {
    id: text('id').primaryKey(),
    paymentId: text('payment_id')
      .notNull()
      .references(() => payments.id),
    orderId: text('order_id').notNull(),
    amount: money('amount').notNull(),
    status: text('status', { enum: REFUND_STATUSES }).notNull().default('pending'),
    reason: text('reason').notNull(),
    providerRef: text('provider_ref'),
    idempotencyKey: text('idempotency_key').notNull(),
    failureCode: text('failure_code'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('refunds_key_idx').on(t.paymentId, t.idempotencyKey),
    index('refunds_order_idx').on(t.orderId),
    check('refunds_amount_check', sql`${t.amount} > 0`),
    check('refunds_status_check', sql`${t.status} in (${list(REFUND_STATUSES)})`),
  ],
);

/**
 * Which payment methods are offered, per method: the merchant's override of the configured
 * defaults (no row → the configuration decides). `countries` null → everywhere.
 */
export const paymentMethodRules = pgTable(
  'payment_method_rules',
  {
    method: text('method', { enum: PAYMENT_METHODS }).$type<PaymentMethod>().primaryKey(),
    enabled: boolean('enabled').notNull(),
    countries: jsonb('countries').$type<string[] | null>(),
    currencies: jsonb('currencies').$type<string[] | null>(),
    minAmount: money('min_amount'),
    maxAmount: money('max_amount'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    check(
      'payment_method_rules_amount_check',
      sql`(${t.minAmount} is null or ${t.minAmount} >= 0) and (${t.maxAmount} is null or ${t.maxAmount} >= 0)`,
    ),
  ],
);
