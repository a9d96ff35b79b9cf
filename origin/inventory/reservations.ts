/**
 * Stock reservations for orders. Reserving is one conditional UPDATE per variant
 * (`on_hand - reserved >= quantity`), taken in variant-id order so that two checkouts sharing
 * variants always lock them in the same order and cannot deadlock. Release and commit move a
 * reservation out of `held` exactly once, so a duplicate cancel cannot free stock twice.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { inventoryLevels, inventoryReservations } from '../../db/schema';
import type { Writer } from '../platform/outbox/outbox';
import { err, ok, type Result } from '../platform/result';

export interface StockRequest {
  variantId: string;
  quantity: number;
}

/** Merges lines of the same variant and sorts by variant id (the global lock order). */
export function lockOrder(items: StockRequest[]): StockRequest[] {
  const merged = new Map<string, number>();
  for (const { variantId, quantity } of items) merged.set(variantId, (merged.get(variantId) ?? 0) + quantity);
  return [...merged]
    .map(([variantId, quantity]) => ({ variantId, quantity }))
    .sort((a, b) => (a.variantId < b.variantId ? -1 : a.variantId > b.variantId ? 1 : 0));
}

/**
 * Holds stock for an order. On `out_of_stock` some rows may already be updated: the caller
 * must roll its transaction back (the place-order workflow does).
 */
export interface Reserved extends StockRequest {
  /** Units still available to sell after this reservation. */
  availableAfter: number;
}

export async function reserveStock(
  tx: Writer,
  orderId: string,
  items: StockRequest[],
): Promise<Result<Reserved[], 'out_of_stock'>> {
  const wanted = lockOrder(items);
  const short: string[] = [];
  const reserved: Reserved[] = [];
  for (const { variantId, quantity } of wanted) {
    const rows = await tx
      .update(inventoryLevels)
      .set({ reserved: sql`${inventoryLevels.reserved} + ${quantity}`, updatedAt: new Date() })
      .where(
        and(
          eq(inventoryLevels.variantId, variantId),
          sql`${inventoryLevels.onHand} - ${inventoryLevels.reserved} >= ${quantity}`,
        ),
      )
      .returning({ available: sql<number>`${inventoryLevels.onHand} - ${inventoryLevels.reserved}` });
    const row = rows[0];
    if (row) reserved.push({ variantId, quantity, availableAfter: Number(row.available) });
    else short.push(variantId);
  }
  if (short.length > 0) return err('out_of_stock', 'Not enough stock for some items', { variantIds: short });
  await tx.insert(inventoryReservations).values(wanted.map((w) => ({ orderId, ...w })));
  return ok(reserved);
}

/** Moves an order's held reservations to `to`, adjusting stock; returns the variants touched. */
async function settle(tx: Writer, orderId: string, to: 'released' | 'committed'): Promise<string[]> {
  const held = await tx
    .select({ variantId: inventoryReservations.variantId, quantity: inventoryReservations.quantity })
    .from(inventoryReservations)
    .where(and(eq(inventoryReservations.orderId, orderId), eq(inventoryReservations.status, 'held')))
    .orderBy(asc(inventoryReservations.variantId));
  const touched: string[] = [];
  for (const r of held) {
    const moved = await tx
      .update(inventoryReservations)
      .set({ status: to, updatedAt: new Date() })
      .where(
        and(
          eq(inventoryReservations.orderId, orderId),
          eq(inventoryReservations.variantId, r.variantId),
          eq(inventoryReservations.status, 'held'),
        ),
      )
      .returning({ variantId: inventoryReservations.variantId });
    if (moved.length === 0) continue;
    await tx
      .update(inventoryLevels)
      .set({
        reserved: sql`${inventoryLevels.reserved} - ${r.quantity}`,
        ...(to === 'committed' ? { onHand: sql`${inventoryLevels.onHand} - ${r.quantity}` } : {}),
        updatedAt: new Date(),
      })
      .where(eq(inventoryLevels.variantId, r.variantId));
    touched.push(r.variantId);
  }
  return touched;
}

/** Gives an order's held stock back (cancel, payment timeout). Idempotent. */
export function releaseReservations(tx: Writer, orderId: string): Promise<string[]> {
  return settle(tx, orderId, 'released');
}

/** Takes an order's held stock out of `on_hand` (the goods left the warehouse). Idempotent. */
export function commitReservations(tx: Writer, orderId: string): Promise<string[]> {
  return settle(tx, orderId, 'committed');
}
