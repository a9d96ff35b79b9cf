/**
 * The create-shipment workflow. In one transaction, under the order's lock (so two concurrent
 * requests cannot both take the last units): check the order may ship (its status, and a
 * payment that is authorised, captured or cash on delivery) → plan the lines (all
 * that is left, or the ones asked for, never more than is left) → insert the shipment
 * `pending` with its lines → move the order to `fulfilling` → queue the label request. After
 * the commit, ask the carrier for the label at once; if it is down, the queue retries later.
 */

import type { OrderStatus } from '../../contract/orders';
import { shipmentLines, shipments } from '../../db/schema/logistics';
import { fulfilmentOrder, moveOrder } from '../orders';
import { paymentCoversShipment } from '../payment';
import type { OriginContext } from '../platform/context';
import { enqueue } from '../platform/outbox/outbox';
import { err, ok, type Result } from '../platform/result';
import { type LineQuantity, planShipment } from './fulfilment-plan';
import { ensureLabel } from './labels';
import { newShipmentId, type ShipmentRecord, shipmentRecord, shipmentsOf } from './shipments';
import { LogisticsTopics } from './topics';

const SHIPPABLE: readonly OrderStatus[] = ['paid', 'confirmed', 'fulfilling'];
/**
 * The queued label request waits this long, so it does not race the immediate call after the
 * commit; it only matters when that call failed or the process died before making it.
 */
export const LABEL_RETRY_DELAY_MS = 15_000;

export interface NewShipment {
  /** Omitted → every unit not yet in a shipment. */
  lines?: LineQuantity[];
  /** Passed to sandbox carriers (demos, tests). */
  scenario?: string;
}

export type CreateShipmentError =
  | 'order_not_found'
  | 'order_not_shippable'
  | 'payment_not_authorized'
  | 'quantity_exceeds_unshipped';

export async function createShipment(
  ctx: OriginContext,
  orderId: string,
  input: NewShipment,
): Promise<Result<ShipmentRecord, CreateShipmentError>> {
  const created = await ctx.transaction(async (tx): Promise<Result<string, CreateShipmentError>> => {
    const order = await fulfilmentOrder(tx, orderId, { lock: true });
    if (!order) return err('order_not_found', `No order ${orderId}`);
    const { status } = order.order;
    if (!SHIPPABLE.includes(status)) {
      return err('order_not_shippable', `An order that is ${status} cannot be shipped`, { status });
    }
    if (!(await paymentCoversShipment(tx, orderId))) {
      return err('payment_not_authorized', 'The order’s payment is not authorised: its goods cannot leave');
    }
    const plan = planShipment(order.lines, await shipmentsOf(tx, orderId), input.lines);
    if (!plan.ok) return plan;
    const id = newShipmentId();
    await tx.insert(shipments).values({ id, orderId, carrier: ctx.config.logistics.carrier, status: 'pending' });
    await tx.insert(shipmentLines).values(plan.value.map((l) => ({ shipmentId: id, orderId, ...l })));
    if (status !== 'fulfilling') {
      const moved = await moveOrder(tx, orderId, 'fulfilling', `shipment ${id} created`);
      if (!moved.ok) throw new Error(`order ${orderId} could not move to fulfilling: ${moved.message}`);
    }
    await enqueue(tx, {
      topic: LogisticsTopics.labelRequested,
      aggregateId: id,
      payload: { shipmentId: id, ...(input.scenario ? { scenario: input.scenario } : {}) },
      delayMs: LABEL_RETRY_DELAY_MS,
    });
    return ok(id);
  });
  if (!created.ok) return created;
  const label = await ensureLabel(ctx, (fn) => ctx.transaction(fn), created.value, input.scenario);
  if (!label.ok) ctx.log.warn('label deferred to the queue', { shipmentId: created.value, code: label.code });
  const record = await shipmentRecord(ctx.db, created.value);
  if (!record) throw new Error(`shipment ${created.value} vanished`);
  return ok(record);
}
