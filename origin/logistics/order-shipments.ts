/** Reads of an order's shipments: the merchant's list and the shopper's tracking. */

import type { OrderTracking } from '../../contract/tracking';
import { fulfilmentOrder } from '../orders';
import type { Writer } from '../platform/outbox/outbox';
import { err, ok, type Result } from '../platform/result';
import { unshipped } from './fulfilment-plan';
import { type ShipmentView, toOrderTracking, toShipmentView } from './shipment-view';
import { shipmentsOf } from './shipments';

export interface OrderShipments {
  orderId: string;
  orderStatus: string;
  shipments: ShipmentView[];
  /** Units of each line not yet in a (non-cancelled) shipment. */
  unshipped: { lineNo: number; quantity: number }[];
}

export async function orderShipments(db: Writer, orderId: string): Promise<Result<OrderShipments, 'order_not_found'>> {
  const order = await fulfilmentOrder(db, orderId, { lock: false });
  if (!order) return err('order_not_found', `No order ${orderId}`);
  const records = await shipmentsOf(db, orderId);
  return ok({
    orderId,
    orderStatus: order.order.status,
    shipments: records.map(toShipmentView),
    unshipped: unshipped(order.lines, records),
  });
}

/** The shopper's tracking of an order, or null when there is no such order. */
export async function orderTracking(db: Writer, orderId: string): Promise<OrderTracking | null> {
  const order = await fulfilmentOrder(db, orderId, { lock: false });
  return order ? toOrderTracking(order.order.status, await shipmentsOf(db, orderId)) : null;
}
