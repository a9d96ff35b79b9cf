/**
 * A sandbox parcel's life, as plain data: the scenario fixes the whole path up front, the clock
 * (or `POST /advance`) walks it one step at a time. Pure, so the paths are unit-tested.
 */
export const SCENARIOS = ['deliver', 'failed_attempt', 'return'] as const;
export type Scenario = (typeof SCENARIOS)[number];

export type ParcelStatus =
  | 'label_created'
  | 'picked_up'
  | 'in_transit'
  | 'out_for_delivery'
  | 'failed_attempt'
  | 'delivered'
  | 'returned'
  | 'cancelled';

const TO_DOOR: ParcelStatus[] = ['label_created', 'picked_up', 'in_transit', 'out_for_delivery'];

/** Every status a parcel of this scenario goes through, in order. */
export const PATHS: Record<Scenario, readonly ParcelStatus[]> = {
  deliver: [...TO_DOOR, 'delivered'],
  failed_attempt: [...TO_DOOR, 'failed_attempt', 'out_for_delivery', 'delivered'],
  return: [...TO_DOOR, 'failed_attempt', 'returned'],
};

export interface Address {
  name: string;
  line1: string;
  line2?: string;
  city: string;
  postalCode: string;
  country: string;
}

export interface ParcelEvent {
  status: ParcelStatus;
  /** ISO time; strictly increasing within a parcel. */
  at: string;
  location: string | null;
}

export interface Parcel {
  id: string;
  trackingNumber: string;
  reference: string;
  address: Address;
  items: { sku: string; quantity: number }[];
  scenario: Scenario;
  status: ParcelStatus;
  /** Index of `status` in the scenario's path (cancelled parcels keep the last index). */
  step: number;
  events: ParcelEvent[];
  createdAt: string;
}

/** Where the parcel is when it reaches `status` (what a carrier's scan would say). */
export function locationFor(status: ParcelStatus, address: Address): string | null {
  switch (status) {
    case 'picked_up':
    case 'returned':
      return 'Sandbox origin depot';
    case 'in_transit':
      return 'Sandbox regional sorting center';
    case 'out_for_delivery':
      return `${address.city} delivery station`;
    case 'failed_attempt':
    case 'delivered':
      return `${address.city}, ${address.country}`;
    default:
      return null;
  }
}

/** The next status on the parcel's path, or null when it is final (delivered, returned, cancelled). */
export function nextStatus(parcel: Pick<Parcel, 'scenario' | 'status' | 'step'>): ParcelStatus | null {
  if (parcel.status === 'cancelled') return null;
  return PATHS[parcel.scenario][parcel.step + 1] ?? null;
}

/** A carrier voids a label only before the parcel was picked up. */
export function cancellable(parcel: Pick<Parcel, 'status'>): boolean {
  return parcel.status === 'label_created' || parcel.status === 'cancelled';
}

/** An event time after the parcel's last one, so a receiver can always order its events. */
export function nextEventTime(events: readonly ParcelEvent[], nowMs: number): string {
  const last = events.at(-1);
  const after = last ? Date.parse(last.at) + 1 : nowMs;
  return new Date(Math.max(nowMs, after)).toISOString();
}

/** Appends an event for `status` (pure: returns the new parcel). */
export function moveParcel(parcel: Parcel, status: ParcelStatus, nowMs: number): Parcel {
  const event: ParcelEvent = {
    status,
    at: nextEventTime(parcel.events, nowMs),
    location: locationFor(status, parcel.address),
  };
  const step = status === 'cancelled' ? parcel.step : parcel.step + 1;
  return { ...parcel, status, step, events: [...parcel.events, event] };
}

/** The body of a parcel's `GET` and create answers. */
export function parcelView(parcel: Parcel, publicUrl: string) {
  return {
    id: parcel.id,
    trackingNumber: parcel.trackingNumber,
    labelUrl: `${publicUrl}/labels/${parcel.id}.pdf`,
    reference: parcel.reference,
    scenario: parcel.scenario,
    status: parcel.status,
    events: parcel.events,
    createdAt: parcel.createdAt,
  };
}
