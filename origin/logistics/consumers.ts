/**
 * The logistics context's queue consumers. Each runs once per event (runOnce) in its own
 * transaction; each also tolerates duplicates and reordering by construction (labels are
 * idempotent per shipment, tracking status is a fold of the stored timeline).
 */
import { z } from 'zod';
import { OrderTopics } from '../orders';
import type { OriginContext } from '../platform/context';
import { applyCarrierEvent } from './apply-carrier-event';
import { ensureLabel } from './labels';
import { cancelShipmentsOfOrder } from './shipment-actions';
import { LogisticsTopics } from './topics';

const LabelJob = z.object({ shipmentId: z.string().min(1), scenario: z.string().optional() });

export function registerLogisticsConsumers(ctx: OriginContext): void {
  // A shipment still without a label: ask the carrier (same Idempotency-Key as the first try).
  ctx.queue.consume(LogisticsTopics.labelRequested, 'logistics.create-label', async (event, tx) => {
    const job = LabelJob.parse(event.payload);
    const label = await ensureLabel(ctx, (fn) => fn(tx), job.shipmentId, job.scenario);
    if (label.ok || label.code === 'shipment_not_found') return;
    // Unavailable: throw, so the queue retries with backoff. Rejected for good: the merchant decides.
    if (label.code === 'carrier_unavailable') throw new Error(`label for ${job.shipmentId}: ${label.message}`);
    ctx.log.error('carrier rejected a shipment', { shipmentId: job.shipmentId, ...label });
  });
  // A verified carrier webhook: timeline, shipment status, order status.
  ctx.queue.consume(LogisticsTopics.carrierEvent, 'logistics.apply-tracking', (event, tx) =>
    applyCarrierEvent(tx, event.payload),
  );
  // A cancelled order: void the labels of parcels not yet picked up.
  ctx.queue.consume(OrderTopics.cancelled, 'logistics.cancel-shipments', (event, tx) =>
    cancelShipmentsOfOrder(ctx, tx, event.aggregateId),
  );
  ctx.queue.announce(LogisticsTopics.shipmentReturned);
}
