import { sql } from 'drizzle-orm';
import { check, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
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
