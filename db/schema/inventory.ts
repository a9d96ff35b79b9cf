import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { variants } from './catalog';

/**
 * Stock per variant. `available = on_hand - reserved`; the check constraints make a negative
 * stock level impossible whatever the application does.
 */
export const inventoryLevels = pgTable(
  'inventory_levels',
  {
    variantId: text('variant_id')
      .primaryKey()
      .references(() => variants.id, { onDelete: 'cascade' }),
    onHand: integer('on_hand').notNull().default(0),
    reserved: integer('reserved').notNull().default(0),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    check('inventory_on_hand_check', sql`${t.onHand} >= 0`),
    check('inventory_reserved_check', sql`${t.reserved} >= 0 and ${t.reserved} <= ${t.onHand}`),
  ],
);

export const RESERVATION_STATUSES = ['held', 'released', 'committed'] as const;
export type ReservationStatus = (typeof RESERVATION_STATUSES)[number];

/**
 * Units held for an order. `held` counts `quantity - committed` in `inventory_levels.reserved`;
 * `committed` counts the units already taken out of `on_hand` because their parcel left (a
 * partial shipment commits its own units at once). `released` gave the rest back (cancel,
 * expiry, refund before shipping); `committed` as a status means every unit left. The status
 * moves once, guarded by a conditional update, so a duplicate release cannot free stock twice.
 */
export const inventoryReservations = pgTable(
  'inventory_reservations',
  {
    orderId: text('order_id').notNull(),
    variantId: text('variant_id')
      .notNull()
      .references(() => variants.id),
    quantity: integer('quantity').notNull(),
    committed: integer('committed').notNull().default(0),
    status: text('status', { enum: RESERVATION_STATUSES }).notNull().default('held'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orderId, t.variantId] }),
    index('inventory_reservations_variant_idx').on(t.variantId),
    check('inventory_reservations_quantity_check', sql`${t.quantity} > 0`),
    check('inventory_reservations_committed_check', sql`${t.committed} >= 0 and ${t.committed} <= ${t.quantity}`),
    check('inventory_reservations_status_check', sql`${t.status} in ('held', 'released', 'committed')`),
  ],
);
