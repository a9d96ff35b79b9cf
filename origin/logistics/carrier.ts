/**
 * The port every parcel carrier is reached through. Adding a real carrier (DHL, UPS, …) is one
 * new file implementing `Carrier` plus one line in carriers.ts; nothing else in logistics knows
 * which carrier it talks to.
 *
 * What an adapter must guarantee:
 * - `createShipment` is idempotent on `idempotencyKey` (our shipment id): called again after a
 *   lost answer, it returns the same label and never buys a second one. Carriers with an
 *   Idempotency-Key header use it; others must look the reference up before creating.
 * - Calls never throw for carrier trouble: a network failure, timeout, 5xx or 429 is
 *   `carrier_unavailable` (we retry later); a request the carrier refuses for good (bad
 *   address) is `carrier_rejected`.
 * - `verifyWebhook` checks the signature over the raw body and the timestamp tolerance before
 *   parsing anything, and maps the carrier's status vocabulary onto `TrackingStatus`.
 */
import type { ShippingAddress } from '../../contract/orders';
import type { Result } from '../platform/result';
import type { TrackingStatus } from './shipment-status';

export interface ShipmentRequest {
  /** Our shipment id: the carrier dedupes on it, so a retried call never makes a second label. */
  idempotencyKey: string;
  /** The order id, printed on the label and echoed in tracking events. */
  reference: string;
  address: ShippingAddress;
  items: { sku: string; quantity: number }[];
  /** Sandbox carriers only: how the parcel's journey should go (demos and tests). */
  scenario?: string;
}

export interface CarrierLabel {
  /** The carrier's id for the parcel (webhooks name it). */
  carrierRef: string;
  trackingNumber: string;
  labelUrl: string;
}

/** A verified tracking event from a carrier's webhook. */
export interface CarrierEvent {
  /** The carrier's event id: the same event redelivered keeps it. */
  eventId: string;
  /** The signature header as received (a byte-for-byte replay is recognised by it). */
  signature: string;
  carrierRef: string;
  trackingNumber: string;
  status: TrackingStatus;
  /** When it happened, by the carrier's clock (events are ordered by it, not by arrival). */
  at: Date;
  location: string | null;
}

export type CarrierCallError = 'carrier_unavailable' | 'carrier_rejected';
export type WebhookError = 'invalid_signature' | 'stale_webhook' | 'invalid_request';

export interface Carrier {
  readonly name: string;
  createShipment(request: ShipmentRequest): Promise<Result<CarrierLabel, CarrierCallError>>;
  /** Voids the label before pick-up; voiding a voided label succeeds again. */
  cancelShipment(carrierRef: string): Promise<Result<void, CarrierCallError | 'shipment_not_cancellable'>>;
  /** `nowMs` is the receiver's clock, for the timestamp tolerance. */
  verifyWebhook(headers: Headers, rawBody: string, nowMs: number): Promise<Result<CarrierEvent, WebhookError>>;
}
