/**
 * Stock reservations for orders. Reserving is one conditional UPDATE per variant
 * (`on_hand - reserved >= quantity`), taken in variant-id order so that two checkouts sharing
 * variants always lock them in the same order and cannot deadlock. Release and commit move a
 * reservation out of `held` exactly once, so a duplicate cancel cannot free stock twice.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { inventoryLevels, inventoryReservations } from '../../db/schema/inventory';
import type { Writer } from '../platform/outbox/outbox';
import { err, ok, type Result } from '../platform/result';
import { announceAvailability } from './inventory';

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
  options: { announceAtOrBelow?: number } = {},
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
  // Only variants left at or below the threshold: above it no shopper's cart decision can change
  // (carts cap a line well below it, and checkout decides anyway), so announcing every order's
  // stock would only load the queue and the edge.
  const low = options.announceAtOrBelow;
  if (low !== undefined) {
    await announceAvailability(
      tx,
      orderId,
      reserved.filter((r) => r.availableAfter <= low).map((r) => r.variantId),
    );
  }
  return ok(reserved);
}

/**
 * Moves an order's held reservations to `to`, adjusting stock by what each still holds
 * (`quantity - committed`: units of a parcel that already left were committed with it);
 * returns the variants touched.
 */
async function settle(tx: Writer, orderId: string, to: 'released' | 'committed'): Promise<string[]> {
  const held = await tx
    .select({
      variantId: inventoryReservations.variantId,
      quantity: inventoryReservations.quantity,
      committed: inventoryReservations.committed,
    })
    .from(inventoryReservations)
    .where(and(eq(inventoryReservations.orderId, orderId), eq(inventoryReservations.status, 'held')))
    .orderBy(asc(inventoryReservations.variantId));
  const touched: string[] = [];
  for (const r of held) {
    const moved = await tx
      .update(inventoryReservations)
      .set({
        status: to,
        ...(to === 'committed' ? { committed: sql`${inventoryReservations.quantity}` } : {}),
        updatedAt: new Date(),
      })
      .where(
        and(
          eq(inventoryReservations.orderId, orderId),
          eq(inventoryReservations.variantId, r.variantId),
          eq(inventoryReservations.status, 'held'),
        ),
      )
      .returning({ variantId: inventoryReservations.variantId });
    const left = r.quantity - r.committed;
    if (moved.length === 0) continue;
    touched.push(r.variantId);
    if (left > 0) await adjustLevel(tx, r.variantId, left, to === 'committed');
  }
  return touched;
}

/** `reserved -= units`, and `on_hand -= units` too when the units left the warehouse. */
async function adjustLevel(tx: Writer, variantId: string, units: number, leftWarehouse: boolean): Promise<void> {
  await tx
    .update(inventoryLevels)
    .set({
      reserved: sql`${inventoryLevels.reserved} - ${units}`,
      ...(leftWarehouse ? { onHand: sql`${inventoryLevels.onHand} - ${units}` } : {}),
      updatedAt: new Date(),
    })
    .where(eq(inventoryLevels.variantId, variantId));
}

/**
 * Gives an order's held stock back (cancel, payment timeout, refund before shipping) and
 * announces the variants' new availability. Idempotent.
 */
export async function releaseReservations(tx: Writer, orderId: string): Promise<string[]> {
  const released = await settle(tx, orderId, 'released');
  await announceAvailability(tx, orderId, released);
  return released;
}

/** Takes the rest of an order's held stock out of `on_hand` (all its goods left). Idempotent. */
export function commitReservations(tx: Writer, orderId: string): Promise<string[]> {
  return settle(tx, orderId, 'committed');
}

/**
 * Takes some of an order's held units out of `on_hand`: one parcel of a partial shipment left.
 * The caller makes this happen once per parcel (logistics marks the shipment under its lock);
 * units beyond what is still held for a variant are not committed (a reservation never goes
 * below zero). A reservation whose every unit left becomes `committed`.
 */
export async function commitUnits(tx: Writer, orderId: string, items: StockRequest[]): Promise<string[]> {
  const touched: string[] = [];
  for (const { variantId, quantity } of lockOrder(items)) {
    const moved = await tx
      .update(inventoryReservations)
      .set({
        committed: sql`${inventoryReservations.committed} + ${quantity}`,
        status: sql`case when ${inventoryReservations.committed} + ${quantity} = ${inventoryReservations.quantity} then 'committed' else 'held' end`,
        updatedAt: new Date(),
      })
      .where(
        and(
          eq(inventoryReservations.orderId, orderId),
          eq(inventoryReservations.variantId, variantId),
          eq(inventoryReservations.status, 'held'),
          sql`${inventoryReservations.committed} + ${quantity} <= ${inventoryReservations.quantity}`,
        ),
      )
      .returning({ variantId: inventoryReservations.variantId });
    if (moved.length === 0) continue;
    await adjustLevel(tx, variantId, quantity, true);
    touched.push(variantId);
  }
  return touched;
}
