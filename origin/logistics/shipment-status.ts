/**
 * A shipment's status as a pure function of its tracking timeline. Carriers deliver events at
 * least once and in any order, so the status is never "the last event received": it is the
 * fold of every event kept, sorted by the carrier's own `at`, moving forward only. The same set
 * of events therefore always gives the same status, whatever order or how often they came.
 *
 * Ranks: pending < label_created < picked_up < in_transit < out_for_delivery = failed_attempt
 * < delivered = returned = cancelled. A failed attempt and the next trip out for delivery share
 * a rank (the later one wins); delivered, returned and cancelled are terminal; cancelled is
 * accepted only before pick-up.
 */
import { SHIPMENT_STATUSES, type ShipmentStatus } from '../../contract/tracking';

export type { ShipmentStatus };
/** What a carrier (or the merchant) reports; `pending` is ours alone (no label yet). */
export type TrackingStatus = Exclude<ShipmentStatus, 'pending'>;
export const TRACKING_STATUSES = SHIPMENT_STATUSES.filter((s): s is TrackingStatus => s !== 'pending') as [
  TrackingStatus,
  ...TrackingStatus[],
];

const RANK: Record<ShipmentStatus, number> = {
  pending: 0,
  label_created: 1,
  picked_up: 2,
  in_transit: 3,
  out_for_delivery: 4,
  failed_attempt: 4,
  delivered: 5,
  returned: 5,
  cancelled: 5,
};

export function isTerminal(status: ShipmentStatus): boolean {
  return status === 'delivered' || status === 'returned' || status === 'cancelled';
}

/** The parcel is out of the warehouse (picked up or later, returned included; never cancelled). */
export function hasLeft(status: ShipmentStatus): boolean {
  return RANK[status] >= RANK.picked_up && status !== 'cancelled';
}

/** A label may still be voided: no parcel has been handed over yet. */
export function isCancellable(status: ShipmentStatus): boolean {
  return RANK[status] <= RANK.label_created;
}

export interface StatusEvent {
  status: TrackingStatus;
  at: Date;
}

/** Whether a shipment at `current` moves to `next` (events are applied in `at` order). */
export function movesTo(current: ShipmentStatus, next: TrackingStatus): boolean {
  if (isTerminal(current) || next === current) return false;
  if (next === 'cancelled') return isCancellable(current);
  // Equal ranks meet only at the delivery attempts (the others are terminal): either may follow the other.
  return RANK[next] >= RANK[current];
}

export interface FoldedStatus {
  status: ShipmentStatus;
  /** When the parcel left (the first accepted event from pick-up on). */
  shippedAt: Date | null;
  deliveredAt: Date | null;
}

/**
 * The order events of one instant are applied in: by stage, so the furthest wins; a failed
 * attempt before the next trip out; a delivery before a return; a cancellation last of all,
 * since one is accepted only before the parcel is handed over, and a parcel reported picked up,
 * delivered or returned at that instant was. Each status has a place of its own, so the fold
 * never depends on the order the events arrived in.
 */
const SAME_INSTANT: Record<TrackingStatus, number> = {
  label_created: 1,
  picked_up: 2,
  in_transit: 3,
  failed_attempt: 4,
  out_for_delivery: 5,
  delivered: 6,
  returned: 7,
  cancelled: 8,
};

const byTime = (a: StatusEvent, b: StatusEvent) =>
  a.at.getTime() - b.at.getTime() || SAME_INSTANT[a.status] - SAME_INSTANT[b.status];

/**
 * The status the timeline leads to, starting from `base` (`label_created` once the carrier
 * gave a label, else `pending`). Order-independent: the events are sorted first.
 */
export function foldStatus(base: 'pending' | 'label_created', events: readonly StatusEvent[]): FoldedStatus {
  let status: ShipmentStatus = base;
  let shippedAt: Date | null = null;
  let deliveredAt: Date | null = null;
  for (const event of [...events].sort(byTime)) {
    if (!movesTo(status, event.status)) continue;
    status = event.status;
    if (!shippedAt && hasLeft(status)) shippedAt = event.at;
    if (status === 'delivered') deliveredAt = event.at;
  }
  return { status, shippedAt, deliveredAt };
}
