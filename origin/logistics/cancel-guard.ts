/**
 * For the orders context: an order may be cancelled only while none of its parcels has left
 * the warehouse. Cancelling then would promise a refund of goods already on their way.
 */
import { eq } from 'drizzle-orm';
import { shipments } from '../../db/schema/logistics';
import type { Writer } from '../platform/outbox/outbox';
import { err, ok, type Result } from '../platform/result';
import { hasLeft } from './shipment-status';

/** `409 order_partially_shipped` when a shipment of the order has been picked up (or later). */
export async function ensureNothingShipped(
  w: Writer,
  orderId: string,
): Promise<Result<void, 'order_partially_shipped'>> {
  const rows = await w
    .select({ id: shipments.id, status: shipments.status })
    .from(shipments)
    .where(eq(shipments.orderId, orderId));
  const left = rows.filter((s) => hasLeft(s.status)).map((s) => s.id);
  return left.length === 0
    ? ok(undefined)
    : err('order_partially_shipped', 'Some of this order has already left the warehouse', { shipmentIds: left });
}
