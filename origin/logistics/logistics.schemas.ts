/** Request and response shapes of the logistics routes (they feed /openapi.json). */
import { z } from '@hono/zod-openapi';
import { SHIPMENT_STATUSES } from '../../db/schema/logistics';

const pathId = (prefix: string, name = 'id') =>
  z
    .string()
    .regex(new RegExp(`^${prefix}_[0-9A-Za-z]+$`))
    .openapi({ param: { name, in: 'path' } });

export const OrderIdParam = z.object({ id: pathId('ord') });
export const ShipmentIdParam = z.object({ id: pathId('shp') });
export const CarrierParam = z.object({
  carrier: z
    .string()
    .regex(/^[a-z0-9-]{1,64}$/)
    .openapi({ param: { name: 'carrier', in: 'path' }, example: 'sandbox-carrier' }),
});

const LineQuantity = z
  .object({ lineNo: z.number().int().min(1).max(10_000), quantity: z.number().int().min(1).max(100_000) })
  .strict();

export const CreateShipmentSchema = z
  .object({
    lines: z.array(LineQuantity).min(1).max(500).optional().openapi({
      description: 'The order lines (by line number, from 1) and units to ship; omitted → everything not yet shipped',
    }),
    scenario: z.enum(['deliver', 'failed_attempt', 'return']).optional().openapi({
      description: 'Sandbox carrier only: how the parcel’s journey goes (demos and tests)',
    }),
  })
  .strict()
  .openapi('CreateShipment');

const TrackingEventSchema = z
  .object({
    id: z.string(),
    status: z.enum(SHIPMENT_STATUSES),
    at: z.string(),
    location: z.string().nullable(),
    source: z.string().openapi({ description: 'carrier (a webhook), manual (the merchant) or system' }),
    externalId: z.string().nullable(),
  })
  .openapi('TrackingEvent');

export const ShipmentSchema = z
  .object({
    id: z.string(),
    orderId: z.string(),
    carrier: z.string(),
    carrierRef: z.string().nullable(),
    trackingNumber: z.string().nullable(),
    labelUrl: z.string().nullable(),
    status: z.enum(SHIPMENT_STATUSES).openapi({ description: '`pending` until the carrier gave a label' }),
    shippedAt: z.string().nullable(),
    deliveredAt: z.string().nullable(),
    createdAt: z.string(),
    lines: z.array(z.object({ lineNo: z.number().int(), quantity: z.number().int() })),
    events: z.array(TrackingEventSchema),
  })
  .openapi('Shipment');

export const OrderShipmentsSchema = z
  .object({
    orderId: z.string(),
    orderStatus: z.string(),
    shipments: z.array(ShipmentSchema),
    unshipped: z.array(z.object({ lineNo: z.number().int(), quantity: z.number().int() })),
  })
  .openapi('OrderShipments');

export const OrderTrackingSchema = z
  .object({
    status: z.string(),
    shipments: z.array(
      z.object({
        carrier: z.string(),
        trackingNumber: z.string(),
        status: z.string(),
        events: z.array(z.object({ status: z.string(), at: z.string(), location: z.string().optional() })),
      }),
    ),
  })
  .openapi('OrderTracking');
