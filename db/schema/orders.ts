import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { OrderStatus, PaymentMethod, ShippingAddress } from '../../contract/orders';
import { customers } from './customers';
import { money } from './money';

/** The statuses of the shopper API's `Order` (docs/api.md); the check constraint below keeps the column to them. */
export const ORDER_STATUSES = [
  'pending_payment',
  'confirmed',
  'paid',
  'fulfilling',
  'shipped',
  'delivered',
  'completed',
  'cancelled',
  'refunded',
] as const satisfies readonly OrderStatus[];
export const PAYMENT_METHODS = ['card', 'cod'] as const satisfies readonly PaymentMethod[];

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** An order. Money columns are integer minor units of `currency`. One order per cart at most. */
export const orders = pgTable(
  'orders',
  {
    id: text('id').primaryKey(),
    cartId: text('cart_id').notNull(),
    status: text('status', { enum: ORDER_STATUSES }).notNull(),
    email: text('email').notNull(),
    /** The customer's account; null for a guest order (until claimed by a verified email). */
    customerId: text('customer_id').references(() => customers.id, { onDelete: 'set null' }),
    currency: text('currency').notNull(),
    subtotal: money('subtotal').notNull(),
    shipping: money('shipping').notNull(),
    tax: money('tax').notNull(),
    total: money('total').notNull(),
    paymentMethod: text('payment_method', { enum: PAYMENT_METHODS }).notNull(),
    shippingAddress: jsonb('shipping_address').$type<ShippingAddress>().notNull(),
    shippingMethodId: text('shipping_method_id').notNull(),
    /** Unpaid card orders give their stock back after this moment. */
    reservationExpiresAt: ts('reservation_expires_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('orders_cart_idx').on(t.cartId),
    index('orders_status_created_idx').on(t.status, t.createdAt),
    index('orders_email_idx').on(t.email),
    index('orders_customer_created_idx').on(t.customerId, t.createdAt),
    check(
      'orders_money_check',
      sql`${t.subtotal} >= 0 and ${t.shipping} >= 0 and ${t.tax} >= 0 and ${t.total} = ${t.subtotal} + ${t.shipping} + ${t.tax}`,
    ),
    check('orders_status_check', sql`${t.status} in (${sql.raw(ORDER_STATUSES.map((s) => `'${s}'`).join(', '))})`),
  ],
);

export const orderLines = pgTable(
  'order_lines',
  {
    orderId: text('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    lineNo: integer('line_no').notNull(),
    variantId: text('variant_id').notNull(),
    productId: text('product_id').notNull(),
    sku: text('sku').notNull(),
    title: text('title').notNull(),
    quantity: integer('quantity').notNull(),
    unitPrice: money('unit_price').notNull(),
    lineTotal: money('line_total').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orderId, t.lineNo] }),
    check(
      'order_lines_check',
      sql`${t.quantity} > 0 and ${t.unitPrice} >= 0 and ${t.lineTotal} = ${t.quantity} * ${t.unitPrice}`,
    ),
  ],
);

/** Every status change of an order, for the merchant's history view. */
export const orderHistory = pgTable(
  'order_history',
  {
    id: text('id').primaryKey(),
    orderId: text('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    reason: text('reason').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('order_history_order_idx').on(t.orderId, t.id)],
);
