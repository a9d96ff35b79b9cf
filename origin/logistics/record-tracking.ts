/**
 * The one way a shipment changes status: add events to its timeline, refold the status from
 * the whole timeline (shipment-status.ts); the first time a parcel leaves, its own units are
 * taken out of stock (so `on_hand` is right while the rest of a partial order waits); then
 * bring the order in line with all its shipments (fulfilment-plan.ts): every unit left →
 * `shipped` (whatever is still held is committed); every unit delivered →
 * `delivered` → `completed` with `order.delivered`. Duplicates and reordering change nothing,
 * because both steps are functions of the stored facts, not of the event at hand.
 */
import { eq } from 'drizzle-orm';
import { shipmentLines, shipments, trackingEvents } from '../../db/schema/logistics';
import { commitUnits } from '../inventory';
import { completeDeliveryInTx, type FulfilmentOrder, fulfilmentOrder, shipOrderInTx } from '../orders';
import type { Tx } from '../platform/context';
import { enqueue } from '../platform/outbox/outbox';
import { orderProgress } from './fulfilment-plan';
import { foldStatus, hasLeft, type TrackingStatus } from './shipment-status';
import { findShipment, newTrackingEventId, type ShipmentRow, shipmentsOf } from './shipments';
import { LogisticsTopics } from './topics';

export interface NewTrackingEvent {
  status: TrackingStatus;
  at: Date;
  location?: string | null;
  /** `carrier` (a webhook), `manual` (the merchant), `system` (our own doing, e.g. a cancelled order). */
  source: 'carrier' | 'manual' | 'system';
  /** The carrier's event id: the same event is kept once per shipment. */
  externalId?: string | null;
}

/** Locks the shipment's order, then the shipment (the context's lock order); null when either vanished. */
export async function lockShipment(
  tx: Tx,
  shipment: Pick<ShipmentRow, 'id' | 'orderId'>,
): Promise<{ order: FulfilmentOrder; shipment: ShipmentRow } | null> {
  const order = await fulfilmentOrder(tx, shipment.orderId, { lock: true });
  const locked = order && (await findShipment(tx, shipment.id, { lock: true }));
  return order && locked ? { order, shipment: locked } : null;
}

/** Applies `events` to a shipment; the caller holds the lock of `order` (see shipments.ts). */
export async function recordTracking(
  tx: Tx,
  order: FulfilmentOrder,
  shipmentId: string,
  events: NewTrackingEvent[],
): Promise<ShipmentRow> {
  const shipment = await findShipment(tx, shipmentId, { lock: true });
  if (!shipment) throw new Error(`No shipment ${shipmentId}`);
  if (events.length > 0) {
    await tx
      .insert(trackingEvents)
      .values(
        events.map((e) => ({
          id: newTrackingEventId(),
          shipmentId,
          status: e.status,
          at: e.at,
          location: e.location ?? null,
          source: e.source,
          externalId: e.externalId ?? null,
        })),
      )
      .onConflictDoNothing();
  }
  const timeline = await tx
    .select({ status: trackingEvents.status, at: trackingEvents.at })
    .from(trackingEvents)
    .where(eq(trackingEvents.shipmentId, shipmentId));
  const folded = foldStatus(
    shipment.carrierRef ? 'label_created' : 'pending',
    timeline.filter((e): e is { status: TrackingStatus; at: Date } => e.status !== 'pending'),
  );
  let current = shipment;
  if (
    folded.status !== shipment.status ||
    folded.shippedAt?.getTime() !== shipment.shippedAt?.getTime() ||
    folded.deliveredAt?.getTime() !== shipment.deliveredAt?.getTime()
  ) {
    [current = shipment] = await tx
      .update(shipments)
      .set({ ...folded, updatedAt: new Date() })
      .where(eq(shipments.id, shipmentId))
      .returning();
    if (folded.status === 'returned' && shipment.status !== 'returned') {
      await enqueue(tx, {
        topic: LogisticsTopics.shipmentReturned,
        aggregateId: shipment.orderId,
        payload: { shipmentId, orderId: shipment.orderId },
      });
    }
  }
  if (hasLeft(current.status) && !current.stockCommittedAt) current = await commitParcel(tx, order, current);
  await syncOrder(tx, order);
  return current;
}

/** Takes the parcel's units out of `on_hand`, once (marked on the shipment, under its lock). */
async function commitParcel(tx: Tx, order: FulfilmentOrder, shipment: ShipmentRow): Promise<ShipmentRow> {
  const carried = await tx.select().from(shipmentLines).where(eq(shipmentLines.shipmentId, shipment.id));
  const variantOf = new Map(order.lines.map((l) => [l.lineNo, l.variantId]));
  await commitUnits(
    tx,
    order.order.id,
    carried.flatMap((l) => {
      const variantId = variantOf.get(l.lineNo);
      return variantId ? [{ variantId, quantity: l.quantity }] : [];
    }),
  );
  const [marked] = await tx
    .update(shipments)
    .set({ stockCommittedAt: new Date() })
    .where(eq(shipments.id, shipment.id))
    .returning();
  return marked ?? shipment;
}

/**
 * Moves the order as far as its shipments allow. Only a `fulfilling` order ships and only a
 * `shipped` one is delivered: a cancelled or refunded order, or one the merchant moved by hand,
 * is left alone.
 */
export async function syncOrder(tx: Tx, order: FulfilmentOrder): Promise<void> {
  const progress = orderProgress(order.lines, await shipmentsOf(tx, order.order.id));
  const id = order.order.id;
  // The caller's copy of the order is kept current, for a second call in the same transaction.
  if (order.order.status === 'fulfilling' && progress.fullyShipped) {
    if ((await shipOrderInTx(tx, id, 'every parcel left')).ok) order.order = { ...order.order, status: 'shipped' };
  }
  if (order.order.status === 'shipped' && progress.fullyDelivered) {
    const done = await completeDeliveryInTx(tx, id, progress.deliveredAt ?? new Date(), 'every parcel delivered');
    if (done.ok) order.order = { ...order.order, status: 'completed' };
  }
}
