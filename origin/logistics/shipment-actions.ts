/**
 * What the merchant (or the order's cancellation) does to a shipment: mark it shipped or
 * delivered by hand (manual tracking events, same rules as the carrier's), or cancel it before
 * pick-up, voiding its label with the carrier first.
 */

import { fulfilmentOrder } from '../orders';
import type { OriginContext, Tx } from '../platform/context';
import { err, ok, type Result } from '../platform/result';
import { carrierOf } from './carriers';
import { lockShipment, recordTracking } from './record-tracking';
import { hasLeft, isCancellable, type TrackingStatus } from './shipment-status';
import { findShipment, type ShipmentRecord, shipmentRecord, shipmentsOf } from './shipments';

async function recordOf(ctx: OriginContext, id: string): Promise<ShipmentRecord> {
  const record = await shipmentRecord(ctx.db, id);
  if (!record) throw new Error(`shipment ${id} vanished`);
  return record;
}

/** `shipped` adds a manual `picked_up`, `delivered` a manual `delivered`; repeating it changes nothing. */
export async function markShipment(
  ctx: OriginContext,
  shipmentId: string,
  mark: 'shipped' | 'delivered',
): Promise<Result<ShipmentRecord, 'shipment_not_found' | 'invalid_transition'>> {
  const target: TrackingStatus = mark === 'shipped' ? 'picked_up' : 'delivered';
  const outcome = await ctx.transaction(
    async (tx): Promise<Result<void, 'shipment_not_found' | 'invalid_transition'>> => {
      const found = await findShipment(tx, shipmentId);
      const locked = found && (await lockShipment(tx, found));
      if (!locked) return err('shipment_not_found', `No shipment ${shipmentId}`);
      const { status } = locked.shipment;
      if (status === 'cancelled' || status === 'returned') {
        return err('invalid_transition', `A ${status} shipment cannot be marked ${mark}`, { from: status, to: target });
      }
      if ((mark === 'shipped' && hasLeft(status)) || status === 'delivered') return ok(undefined);
      await recordTracking(tx, locked.order, shipmentId, [{ status: target, at: new Date(), source: 'manual' }]);
      return ok(undefined);
    },
  );
  return outcome.ok ? ok(await recordOf(ctx, shipmentId)) : outcome;
}

export type CancelShipmentError = 'shipment_not_found' | 'shipment_not_cancellable' | 'carrier_unavailable';

/** Records the cancellation; returns a label that appeared meanwhile and must be voided too. */
async function markCancelled(
  tx: Tx,
  shipmentId: string,
  voidedRef: string | null,
): Promise<Result<string | null, 'shipment_not_found' | 'shipment_not_cancellable'>> {
  const found = await findShipment(tx, shipmentId);
  const locked = found && (await lockShipment(tx, found));
  if (!locked) return err('shipment_not_found', `No shipment ${shipmentId}`);
  const { shipment, order } = locked;
  if (shipment.status === 'cancelled') return ok(null);
  if (!isCancellable(shipment.status)) {
    return err('shipment_not_cancellable', `The shipment is ${shipment.status}`, { status: shipment.status });
  }
  await recordTracking(tx, order, shipmentId, [{ status: 'cancelled', at: new Date(), source: 'manual' }]);
  return ok(shipment.carrierRef && shipment.carrierRef !== voidedRef ? shipment.carrierRef : null);
}

/** Before pick-up only (`409 shipment_not_cancellable` after); `502 carrier_unavailable` changes nothing. */
export async function cancelShipment(
  ctx: OriginContext,
  shipmentId: string,
): Promise<Result<ShipmentRecord, CancelShipmentError>> {
  const before = await findShipment(ctx.db, shipmentId);
  if (!before) return err('shipment_not_found', `No shipment ${shipmentId}`);
  if (before.status === 'cancelled') return ok(await recordOf(ctx, shipmentId));
  if (!isCancellable(before.status)) {
    return err('shipment_not_cancellable', `The shipment is ${before.status}`, { status: before.status });
  }
  const carrier = carrierOf(ctx, before.carrier);
  if (before.carrierRef) {
    const voided = await carrier.cancelShipment(before.carrierRef);
    if (!voided.ok && voided.code === 'shipment_not_cancellable') return err(voided.code, voided.message);
    if (!voided.ok) return err('carrier_unavailable', `The carrier did not void the label: ${voided.message}`);
  }
  const marked = await ctx.transaction((tx) => markCancelled(tx, shipmentId, before.carrierRef));
  if (!marked.ok) return marked;
  if (marked.value) {
    const voided = await carrier.cancelShipment(marked.value);
    if (!voided.ok) ctx.log.warn('could not void the label of a cancelled shipment', { shipmentId, ...voided });
  }
  return ok(await recordOf(ctx, shipmentId));
}

/**
 * `order.cancelled`: cancel the order's shipments that have not been picked up, voiding their
 * labels. A carrier that is down fails the delivery (the queue retries); a parcel the carrier
 * already picked up stays as it is (its scans follow).
 */
export async function cancelShipmentsOfOrder(ctx: OriginContext, tx: Tx, orderId: string): Promise<void> {
  const order = await fulfilmentOrder(tx, orderId, { lock: true });
  if (order?.order.status !== 'cancelled') return;
  const open = (await shipmentsOf(tx, orderId)).filter((s) => s.status !== 'cancelled' && isCancellable(s.status));
  for (const shipment of open) {
    if (shipment.carrierRef) {
      const voided = await carrierOf(ctx, shipment.carrier).cancelShipment(shipment.carrierRef);
      if (!voided.ok && voided.code === 'carrier_unavailable') {
        throw new Error(`carrier could not void ${shipment.id}: ${voided.message}`);
      }
      if (!voided.ok && voided.code === 'shipment_not_cancellable') {
        ctx.log.warn('carrier refused to void a label: parcel already picked up', { shipmentId: shipment.id });
        continue;
      }
      if (!voided.ok) ctx.log.warn('carrier rejected voiding a label', { shipmentId: shipment.id, ...voided });
    }
    await recordTracking(tx, order, shipment.id, [{ status: 'cancelled', at: new Date(), source: 'system' }]);
  }
}
