/**
 * The consumer of `logistics.carrier_event`: a verified carrier webhook becomes a tracking
 * event of its shipment (kept once per carrier event id) and, through record-tracking.ts, moves
 * the shipment and the order as far as the whole timeline allows.
 */
import { z } from 'zod';
import type { Tx } from '../platform/context';
import type { CarrierEvent } from './carrier';
import { lockShipment, recordTracking } from './record-tracking';
import { TRACKING_STATUSES } from './shipment-status';
import { findShipmentByRef } from './shipments';

const Payload = z.object({
  carrier: z.string().min(1),
  carrierRef: z.string().min(1),
  eventId: z.string().min(1),
  status: z.enum(TRACKING_STATUSES),
  at: z.iso.datetime({ offset: true }),
  location: z.string().nullable(),
});
export type CarrierEventPayload = z.infer<typeof Payload>;

/** What the webhook route queues for a verified event (`acceptWebhook` adds `eventId` too). */
export function carrierEventPayload(carrier: string, event: CarrierEvent): Omit<CarrierEventPayload, 'eventId'> {
  return {
    carrier,
    carrierRef: event.carrierRef,
    status: event.status,
    at: event.at.toISOString(),
    location: event.location,
  };
}

export async function applyCarrierEvent(tx: Tx, payload: Record<string, unknown>): Promise<void> {
  const event = Payload.parse(payload);
  const found = await findShipmentByRef(tx, event.carrier, event.carrierRef);
  // Its label may not be stored yet (the webhook overtook the carrier's answer): fail, the
  // queue retries with backoff and the label is there by then.
  if (!found) throw new Error(`No shipment of ${event.carrier} ${event.carrierRef} yet`);
  const locked = await lockShipment(tx, found);
  if (!locked) throw new Error(`Shipment ${found.id} vanished`);
  await recordTracking(tx, locked.order, found.id, [
    {
      status: event.status,
      at: new Date(event.at),
      location: event.location,
      source: 'carrier',
      externalId: event.eventId,
    },
  ]);
}
