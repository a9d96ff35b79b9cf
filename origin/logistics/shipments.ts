/**
 * Reading the logistics tables. Locking protocol of the context: the order row first
 * (`fulfilmentOrder(tx, id, { lock: true })`), then the shipment row, always in that order, so
 * everything that decides about one order's fulfilment is serialised and cannot deadlock.
 */
import { and, asc, eq, inArray, ne } from 'drizzle-orm';
import { newId } from '../../contract/ids';
import { shipmentLines, shipments, trackingEvents } from '../../db/schema/logistics';
import type { Writer } from '../platform/outbox/outbox';

export type ShipmentRow = typeof shipments.$inferSelect;
export type TrackingEventRow = typeof trackingEvents.$inferSelect;

export interface ShipmentRecord extends ShipmentRow {
  lines: { lineNo: number; quantity: number }[];
  /** The timeline, oldest first (by the carrier's time). */
  events: TrackingEventRow[];
}

/** `shp_…`, time-sortable like every id of the origin. */
export const newShipmentId = () => newId('shp');
/** `trk_…` for tracking events. */
export const newTrackingEventId = () => newId('trk');

export async function findShipment(w: Writer, id: string, options: { lock?: boolean } = {}) {
  const query = w.select().from(shipments).where(eq(shipments.id, id));
  const [row] = options.lock ? await query.for('update') : await query;
  return row ?? null;
}

export async function findShipmentByRef(w: Writer, carrier: string, carrierRef: string) {
  const [row] = await w
    .select()
    .from(shipments)
    .where(and(eq(shipments.carrier, carrier), eq(shipments.carrierRef, carrierRef)));
  return row ?? null;
}

async function withDetails(w: Writer, rows: ShipmentRow[]): Promise<ShipmentRecord[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const lines = await w
    .select()
    .from(shipmentLines)
    .where(inArray(shipmentLines.shipmentId, ids))
    .orderBy(asc(shipmentLines.lineNo));
  const events = await w
    .select()
    .from(trackingEvents)
    .where(inArray(trackingEvents.shipmentId, ids))
    .orderBy(asc(trackingEvents.at), asc(trackingEvents.id));
  return rows.map((row) => ({
    ...row,
    lines: lines.filter((l) => l.shipmentId === row.id).map((l) => ({ lineNo: l.lineNo, quantity: l.quantity })),
    events: events.filter((e) => e.shipmentId === row.id),
  }));
}

/** The order's shipments, oldest first, with their lines and timelines. */
export async function shipmentsOf(w: Writer, orderId: string): Promise<ShipmentRecord[]> {
  const rows = await w.select().from(shipments).where(eq(shipments.orderId, orderId)).orderBy(asc(shipments.id));
  return withDetails(w, rows);
}

export async function shipmentRecord(w: Writer, id: string): Promise<ShipmentRecord | null> {
  const row = await findShipment(w, id);
  return row ? ((await withDetails(w, [row]))[0] ?? null) : null;
}

/** The carriers that carried (or carry) the order's parcels, sorted; cancelled parcels do not count. */
export async function carriersOfOrder(w: Writer, orderId: string): Promise<string[]> {
  const rows = await w
    .select({ carrier: shipments.carrier })
    .from(shipments)
    .where(and(eq(shipments.orderId, orderId), ne(shipments.status, 'cancelled')))
    .groupBy(shipments.carrier)
    .orderBy(asc(shipments.carrier));
  return rows.map((r) => r.carrier);
}
