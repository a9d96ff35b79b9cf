import { sql } from 'drizzle-orm';
import { boolean, check, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { money } from './money';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** A set of countries that share shipping methods. */
export const shippingZones = pgTable('shipping_zones', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  /** ISO 3166-1 alpha-2 codes. */
  countries: text('countries').array().notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
});

/**
 * A way to ship to a zone: a flat `amount`, waived when the subtotal reaches `freeOver`
 * (when set). Minor units of `currency`.
 */
export const shippingMethods = pgTable(
  'shipping_methods',
  {
    id: text('id').primaryKey(),
    zoneId: text('zone_id')
      .notNull()
      .references(() => shippingZones.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    currency: text('currency').notNull(),
    amount: money('amount').notNull(),
    freeOver: money('free_over'),
    active: boolean('active').notNull().default(true),
    position: integer('position').notNull().default(0),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    check('shipping_methods_money_check', sql`${t.amount} >= 0 and (${t.freeOver} is null or ${t.freeOver} >= 0)`),
  ],
);

/** Sales tax / VAT by destination country, in basis points (2000 = 20 %). */
export const taxRates = pgTable(
  'tax_rates',
  {
    country: text('country').primaryKey(),
    rateBp: integer('rate_bp').notNull(),
    appliesToShipping: boolean('applies_to_shipping').notNull().default(true),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [check('tax_rates_rate_check', sql`${t.rateBp} >= 0 and ${t.rateBp} <= 10000`)],
);

/**
 * Idempotency keys of checkouts (scoped to the cart) and of an order's further payment attempts
 * (scoped to the order). Written in the same transaction as the order, so a stored response
 * always matches a committed order.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    responseStatus: integer('response_status').notNull(),
    responseBody: jsonb('response_body').$type<Record<string, unknown>>().notNull(),
    orderId: text('order_id'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] })],
);
