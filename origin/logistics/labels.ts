/**
 * Getting a shipment's label from its carrier without ever buying two. The shipment is first
 * committed `pending` together with a queued `logistics.label_requested`; the carrier is
 * called after that commit (never holding the order's lock). If the carrier is down, the call
 * fails or its answer is lost, the queue calls again later, with the same Idempotency-Key
 * (the shipment id), so the carrier hands back the label it already made.
 */
import { eq } from 'drizzle-orm';
import { shipmentLines, shipments } from '../../db/schema/logistics';
import { fulfilmentOrder } from '../orders';
import type { OriginContext, Tx } from '../platform/context';
import { err, ok, type Result } from '../platform/result';
import type { CarrierCallError, CarrierLabel, ShipmentRequest } from './carrier';
import { carrierOf } from './carriers';
import { lockShipment, recordTracking } from './record-tracking';
import { findShipment } from './shipments';

/** Runs `fn` in a transaction: a fresh one (`ctx.transaction`) or the consumer's own. */
export type Runner = <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>;

type Job = { carrier: string; request: ShipmentRequest };

async function prepare(tx: Tx, shipmentId: string, scenario?: string): Promise<Job | 'done' | null> {
  const shipment = await findShipment(tx, shipmentId);
  if (!shipment) return null;
  // Labelled already, cancelled, or marked shipped by hand: nothing to ask the carrier.
  if (shipment.carrierRef || shipment.status !== 'pending') return 'done';
  const order = await fulfilmentOrder(tx, shipment.orderId, { lock: false });
  if (!order) return null;
  const lines = await tx.select().from(shipmentLines).where(eq(shipmentLines.shipmentId, shipmentId));
  const items = lines.map((l) => ({
    sku: order.lines.find((o) => o.lineNo === l.lineNo)?.sku ?? `line-${l.lineNo}`,
    quantity: l.quantity,
  }));
  return {
    carrier: shipment.carrier,
    request: {
      idempotencyKey: shipment.id,
      reference: order.order.id,
      address: order.order.shippingAddress,
      items,
      scenario,
    },
  };
}

/** Stores the carrier's label; the shipment's status after it (cancelled meanwhile → `cancelled`). */
async function storeLabel(tx: Tx, shipmentId: string, label: CarrierLabel) {
  const unlocked = await findShipment(tx, shipmentId);
  const locked = unlocked && (await lockShipment(tx, unlocked));
  if (!locked) return null;
  const { order, shipment } = locked;
  if (shipment.carrierRef) return shipment.status;
  await tx
    .update(shipments)
    .set({ carrierRef: label.carrierRef, trackingNumber: label.trackingNumber, labelUrl: label.labelUrl })
    .where(eq(shipments.id, shipmentId));
  return (await recordTracking(tx, order, shipmentId, [])).status;
}

/**
 * Asks the carrier for the label of a `pending` shipment and stores it. `scenario` must be the
 * one the shipment was created with (the carrier compares retried bodies).
 */
export async function ensureLabel(
  ctx: OriginContext,
  run: Runner,
  shipmentId: string,
  scenario?: string,
): Promise<Result<'created' | 'exists', CarrierCallError | 'shipment_not_found'>> {
  const job = await run((tx) => prepare(tx, shipmentId, scenario));
  if (!job) return err('shipment_not_found', `No shipment ${shipmentId}`);
  if (job === 'done') return ok('exists');
  const carrier = carrierOf(ctx, job.carrier);
  const label = await carrier.createShipment(job.request);
  if (!label.ok) return label;
  const status = await run((tx) => storeLabel(tx, shipmentId, label.value));
  if (status === 'cancelled') {
    // Cancelled while the label was being made: void it too (best effort; an unused label costs nothing).
    const voided = await carrier.cancelShipment(label.value.carrierRef);
    if (!voided.ok) ctx.log.warn('could not void the label of a cancelled shipment', { shipmentId, ...voided });
  }
  return ok('created');
}
