import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { SHIPMENT_STATUSES, type ShipmentStatus } from '../../contract/tracking';

export { SHIPMENT_STATUSES, type ShipmentStatus };

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const list = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

/** A parcel for some lines of an order (partial shipments: several per order). */
export const shipments = pgTable(
  'shipments',
  {
    id: text('id').primaryKey(),
    orderId: text('order_id').notNull(),
    carrier: text('carrier').notNull(),
    /** The carrier's own id for the parcel. */
    carrierRef: text('carrier_ref'),
    trackingNumber: text('tracking_number'),
    labelUrl: text('label_url'),
    status: text('status', { enum: SHIPMENT_STATUSES }).notNull(),
    shippedAt: ts('shipped_at'),
    deliveredAt: ts('delivered_at'),
    /** When this parcel's units were taken out of stock (once, the first time it left). */
    stockCommittedAt: ts('stock_committed_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('shipments_order_idx').on(t.orderId),
    uniqueIndex('shipments_tracking_idx').on(t.carrier, t.trackingNumber),
    uniqueIndex('shipments_carrier_ref_idx').on(t.carrier, t.carrierRef),
    check('shipments_status_check', sql`${t.status} in (${list(SHIPMENT_STATUSES)})`),
  ],
);

/** Which order lines (and how many units of each) travel in a shipment. */
export const shipmentLines = pgTable(
  'shipment_lines',
  {
    shipmentId: text('shipment_id')
      .notNull()
      .references(() => shipments.id, { onDelete: 'cascade' }),
    orderId: text('order_id').notNull(),
    lineNo: integer('line_no').notNull(),
    quantity: integer('quantity').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.shipmentId, t.lineNo] }),
    index('shipment_lines_order_idx').on(t.orderId),
    check('shipment_lines_quantity_check', sql`${t.quantity} > 0`),
  ],
);

/** The tracking timeline of a shipment. `externalId` dedupes a carrier's repeated events. */
export const trackingEvents = pgTable(
  'tracking_events',
  {
    id: text('id').primaryKey(),
    shipmentId: text('shipment_id')
      .notNull()
      .references(() => shipments.id, { onDelete: 'cascade' }),
    status: text('status', { enum: SHIPMENT_STATUSES }).notNull(),
    at: ts('at').notNull(),
    location: text('location'),
    /** `carrier` (a webhook), `manual` (the merchant, by hand) or `system` (e.g. an order cancelled). */
    source: text('source').notNull(),
    externalId: text('external_id'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('tracking_events_shipment_idx').on(t.shipmentId, t.at),
    uniqueIndex('tracking_events_external_idx').on(t.shipmentId, t.externalId),
  ],
);
