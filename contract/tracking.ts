/**
 * The tracking contract between the edge and the origin (type-only for the edge, plus the pure
 * path helper). `GET /internal/orders/:id/tracking` (signed) with header `x-order-token` →
 * 200 `OrderTracking`, or 404 order_not_found for a missing, foreign or expired token.
 */
import type { OrderStatus } from './orders';

export interface TrackingEventView {
  status: string;
  /** ISO 8601, by the carrier's clock. */
  at: string;
  location?: string;
}

export interface ShipmentTracking {
  carrier: string;
  trackingNumber: string;
  /** The parcel's current status (label_created … delivered, returned). */
  status: string;
  /** Oldest first. */
  events: TrackingEventView[];
}

/** `GET /api/orders/:id/tracking` of the shopper API (docs/api.md). */
export interface OrderTracking {
  status: OrderStatus;
  shipments: ShipmentTracking[];
}

export const trackingPaths = {
  orderTracking: (orderId: string) => `/internal/orders/${encodeURIComponent(orderId)}/tracking`,
} as const;

/**
 * A parcel's life as carriers report it: label_created → picked_up → in_transit →
 * out_for_delivery → delivered, with failed_attempt (then out_for_delivery again) or
 * returned; `pending` before the carrier answered, `cancelled` before pick-up.
 */
export const SHIPMENT_STATUSES = [
  'pending',
  'label_created',
  'picked_up',
  'in_transit',
  'out_for_delivery',
  'failed_attempt',
  'delivered',
  'returned',
  'cancelled',
] as const;
export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];
