/** Pure mappings from shipment records to the merchant's and the shopper's views. */
import type { OrderStatus } from '../../contract/orders';
import type { OrderTracking, TrackingEventView } from '../../contract/tracking';
import type { ShipmentRecord } from './shipments';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The merchant's view: everything, including where each event came from. */
export function toShipmentView(s: ShipmentRecord) {
  return {
    id: s.id,
    orderId: s.orderId,
    carrier: s.carrier,
    carrierRef: s.carrierRef,
    trackingNumber: s.trackingNumber,
    labelUrl: s.labelUrl,
    status: s.status,
    shippedAt: iso(s.shippedAt),
    deliveredAt: iso(s.deliveredAt),
    createdAt: s.createdAt.toISOString(),
    lines: s.lines,
    events: s.events.map((e) => ({
      id: e.id,
      status: e.status,
      at: e.at.toISOString(),
      location: e.location,
      source: e.source,
      externalId: e.externalId,
    })),
  };
}
export type ShipmentView = ReturnType<typeof toShipmentView>;

/**
 * The shopper's timeline: oldest first, one entry where the same status was reported twice in
 * a row (our own record of a cancellation and the carrier's, say).
 */
export function publicTimeline(events: ShipmentRecord['events']): TrackingEventView[] {
  const sorted = [...events].sort((a, b) => a.at.getTime() - b.at.getTime() || (a.id < b.id ? -1 : 1));
  return sorted
    .filter((e, i) => e.status !== 'pending' && e.status !== sorted[i - 1]?.status)
    .map((e) => ({ status: e.status, at: e.at.toISOString(), ...(e.location ? { location: e.location } : {}) }));
}

/** The shopper's tracking: parcels with a tracking number, cancelled ones left out. */
export function toOrderTracking(status: OrderStatus, shipments: readonly ShipmentRecord[]): OrderTracking {
  return {
    status,
    shipments: shipments
      .filter((s) => s.trackingNumber && s.status !== 'cancelled')
      .map((s) => ({
        carrier: s.carrier,
        trackingNumber: s.trackingNumber as string,
        status: s.status,
        events: publicTimeline(s.events),
      })),
  };
}
