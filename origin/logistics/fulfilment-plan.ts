/**
 * What is left to ship of an order, what a new shipment may carry, and whether the order as a
 * whole has shipped or arrived, as pure functions of its lines and shipments. A cancelled
 * shipment gives its units back; every other one (even before its label exists) holds them, so
 * two shipments can never carry the same unit.
 */
import { err, ok, type Result } from '../platform/result';
import { hasLeft, type ShipmentStatus } from './shipment-status';

export interface LineQuantity {
  lineNo: number;
  quantity: number;
}

export interface PlannedShipment {
  status: ShipmentStatus;
  deliveredAt?: Date | null;
  lines: readonly LineQuantity[];
}

function sumBy(shipments: readonly PlannedShipment[], keep: (s: PlannedShipment) => boolean): Map<number, number> {
  const sums = new Map<number, number>();
  for (const s of shipments.filter(keep)) {
    for (const l of s.lines) sums.set(l.lineNo, (sums.get(l.lineNo) ?? 0) + l.quantity);
  }
  return sums;
}

/** Units of each order line not yet in a live (non-cancelled) shipment; lines with none left are omitted. */
export function unshipped(lines: readonly LineQuantity[], shipments: readonly PlannedShipment[]): LineQuantity[] {
  const taken = sumBy(shipments, (s) => s.status !== 'cancelled');
  return [...lines]
    .sort((a, b) => a.lineNo - b.lineNo)
    .map((l) => ({ lineNo: l.lineNo, quantity: l.quantity - (taken.get(l.lineNo) ?? 0) }))
    .filter((l) => l.quantity > 0);
}

/**
 * The lines a new shipment carries: the requested ones (repeated line numbers add up), or
 * everything still unshipped when none are given. Asking for more than is left of a line (or
 * for a line the order does not have) is `quantity_exceeds_unshipped`; nothing left at all is
 * `order_not_shippable`.
 */
export function planShipment(
  lines: readonly LineQuantity[],
  shipments: readonly PlannedShipment[],
  requested?: readonly LineQuantity[],
): Result<LineQuantity[], 'quantity_exceeds_unshipped' | 'order_not_shippable'> {
  const left = unshipped(lines, shipments);
  if (left.length === 0) return err('order_not_shippable', 'Every unit of this order is already in a shipment');
  if (!requested) return ok(left);
  const wanted = new Map<number, number>();
  for (const r of requested) wanted.set(r.lineNo, (wanted.get(r.lineNo) ?? 0) + r.quantity);
  const plan = [...wanted].map(([lineNo, quantity]) => ({ lineNo, quantity })).sort((a, b) => a.lineNo - b.lineNo);
  for (const p of plan) {
    const remaining = left.find((l) => l.lineNo === p.lineNo)?.quantity ?? 0;
    if (p.quantity > remaining) {
      return err('quantity_exceeds_unshipped', `Line ${p.lineNo} has ${remaining} unit(s) left to ship`, {
        lineNo: p.lineNo,
        requested: p.quantity,
        remaining,
      });
    }
  }
  return ok(plan);
}

export interface OrderProgress {
  /** Every unit is in a shipment that has left the warehouse. */
  fullyShipped: boolean;
  /** Every unit is in a delivered shipment. */
  fullyDelivered: boolean;
  /** When the last parcel arrived (set when fully delivered). */
  deliveredAt: Date | null;
}

/** How far the order's shipments have got, as a whole. */
export function orderProgress(lines: readonly LineQuantity[], shipments: readonly PlannedShipment[]): OrderProgress {
  const covers = (sums: Map<number, number>) => lines.every((l) => (sums.get(l.lineNo) ?? 0) >= l.quantity);
  const fullyShipped = lines.length > 0 && covers(sumBy(shipments, (s) => hasLeft(s.status)));
  const delivered = shipments.filter((s) => s.status === 'delivered');
  const fullyDelivered = fullyShipped && covers(sumBy(delivered, () => true));
  const times = delivered.flatMap((s) => (s.deliveredAt ? [s.deliveredAt.getTime()] : []));
  return {
    fullyShipped,
    fullyDelivered,
    deliveredAt: fullyDelivered && times.length > 0 ? new Date(Math.max(...times)) : null,
  };
}
