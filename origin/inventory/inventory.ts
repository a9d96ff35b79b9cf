/**
 * The inventory context: stock per variant. Other contexts read and change stock only through
 * these functions. `available = onHand - reserved`, and the table's check constraints keep
 * both non-negative whatever happens here.
 */
import { inArray, sql } from 'drizzle-orm';
import { inventoryLevels } from '../../db/schema/inventory';
import { enqueue, type Writer } from '../platform/outbox/outbox';
import { err, ok, type Result } from '../platform/result';
import { InventoryTopics } from './topics';

export interface StockLevel {
  variantId: string;
  onHand: number;
  reserved: number;
  available: number;
}

const toLevel = (row: { variantId: string; onHand: number; reserved: number }): StockLevel => ({
  variantId: row.variantId,
  onHand: row.onHand,
  reserved: row.reserved,
  available: row.onHand - row.reserved,
});

/** Announces in the caller's transaction that `variantIds` can be bought in other amounts now. */
export async function announceAvailability(tx: Writer, aggregateId: string, variantIds: string[]): Promise<void> {
  if (variantIds.length === 0) return;
  await enqueue(tx, { topic: InventoryTopics.availabilityChanged, aggregateId, payload: { variantIds } });
}

/** Stock levels of the given variants; variants without a row are absent from the map. */
export async function getStockLevels(db: Writer, variantIds: string[]): Promise<Map<string, StockLevel>> {
  if (variantIds.length === 0) return new Map();
  const rows = await db.select().from(inventoryLevels).where(inArray(inventoryLevels.variantId, variantIds));
  return new Map(rows.map((r) => [r.variantId, toLevel(r)]));
}

/**
 * Creates the stock rows of new variants, announcing their availability; a variant that already
 * has a row keeps it (so a retried call changes nothing). Returns how many rows were created.
 */
export async function initStock(db: Writer, levels: { variantId: string; onHand: number }[]): Promise<number> {
  if (levels.length === 0) return 0;
  const created = await db
    .insert(inventoryLevels)
    .values(levels.map((l) => ({ variantId: l.variantId, onHand: l.onHand })))
    .onConflictDoNothing()
    .returning({ variantId: inventoryLevels.variantId });
  await announceAvailability(
    db,
    created[0]?.variantId ?? 'stock',
    created.map((r) => r.variantId),
  );
  return created.length;
}

/**
 * Sets the units on hand (a stock count), announcing the new availability. Refused when it
 * would drop below what is already reserved for orders; the condition is part of the UPDATE,
 * so a concurrent reservation cannot slip in between a check and the write.
 */
export async function setOnHand(
  db: Writer,
  variantId: string,
  onHand: number,
): Promise<Result<StockLevel, 'inventory_not_found' | 'stock_below_reserved'>> {
  const rows = await db
    .update(inventoryLevels)
    .set({ onHand, updatedAt: new Date() })
    .where(sql`${inventoryLevels.variantId} = ${variantId} and ${inventoryLevels.reserved} <= ${onHand}`)
    .returning();
  const row = rows[0];
  if (row) {
    await announceAvailability(db, variantId, [variantId]);
    return ok(toLevel(row));
  }
  const current = (await getStockLevels(db, [variantId])).get(variantId);
  if (!current) return err('inventory_not_found', `No stock record for variant ${variantId}`);
  return err('stock_below_reserved', `On hand cannot go below the ${current.reserved} units reserved for orders`, {
    reserved: current.reserved,
  });
}
