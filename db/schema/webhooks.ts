import { pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Every webhook event accepted from an outside party (payment provider, carrier), by its
 * event id: a replay of the same signed request is refused, a provider's redelivery of an
 * event already accepted is acknowledged without effect.
 */
export const webhookReceipts = pgTable(
  'webhook_receipts',
  {
    /** `payment:sandbox-card`, `carrier:sandbox-carrier`, … */
    source: text('source').notNull(),
    eventId: text('event_id').notNull(),
    /** SHA-256 of the signature header of the first accepted delivery. */
    signatureHash: text('signature_hash').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.source, t.eventId] })],
);
