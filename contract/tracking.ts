/**
 * The tracking contract between the edge and the origin (type-only for the edge, plus the pure
 * path helper). `GET /internal/orders/:id/tracking` (signed) with header `x-order-token` →
 * 200 `OrderTracking`, or 404 order_not_found for a missing, foreign or expired token.
 */
import { z } from 'zod';
import { ORDER_STATUSES } from './orders';

export const TrackingEventSchema = z
  .object({
    status: z.string(),
    /** ISO 8601, by the carrier's clock. */
    at: z.string(),
    location: z.string().optional(),
  })
  .meta({ id: 'TrackingEvent' });
export type TrackingEventView = z.infer<typeof TrackingEventSchema>;

export const ShipmentTrackingSchema = z
  .object({
    carrier: z.string(),
    trackingNumber: z.string(),
    /** The parcel's current status (label_created … delivered, returned). */
    status: z.string(),
    /** Oldest first. */
    events: z.array(TrackingEventSchema),
  })
  .meta({ id: 'ShipmentTracking' });
export type ShipmentTracking = z.infer<typeof ShipmentTrackingSchema>;

/** `GET /api/orders/:id/tracking` of the shopper API (docs/api.md). */
export const OrderTrackingSchema = z
  .object({ status: z.enum(ORDER_STATUSES), shipments: z.array(ShipmentTrackingSchema) })
  .meta({ id: 'OrderTracking' });
export type OrderTracking = z.infer<typeof OrderTrackingSchema>;

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
