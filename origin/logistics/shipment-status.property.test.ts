import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  foldStatus,
  hasLeft,
  isTerminal,
  type ShipmentStatus,
  type StatusEvent,
  TRACKING_STATUSES,
} from './shipment-status';

/** The documented order of a parcel's life (equal numbers: the same stage). */
const STAGE: Record<ShipmentStatus, number> = {
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

const base = fc.constantFrom('pending' as const, 'label_created' as const);
// Few distinct minutes, so that events at the very same instant are common.
const event: fc.Arbitrary<StatusEvent> = fc.record({
  status: fc.constantFrom(...TRACKING_STATUSES),
  at: fc.integer({ min: 0, max: 5 }).map((m) => new Date(Date.UTC(2030, 0, 1, 12, m))),
});
const timeline = fc.array(event, { maxLength: 12 });
/** A timeline and the same events (duplicates included) as they might arrive: any order, some repeated. */
const deliveries = timeline.chain((events) =>
  fc.tuple(
    fc.constant(events),
    fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }),
    fc.subarray(events),
  ),
);

describe('shipment status (properties)', () => {
  it('folds the same events to the same result whatever their arrival order or repetitions, ties included', () => {
    fc.assert(
      fc.property(base, deliveries, (b, [events, shuffled, repeated]) => {
        const expected = foldStatus(b, events);
        expect(foldStatus(b, shuffled)).toEqual(expected);
        expect(foldStatus(b, [...repeated, ...shuffled, ...repeated])).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('ends at the base or at one of the reported statuses, never at an earlier stage than the base', () => {
    fc.assert(
      fc.property(base, timeline, (b, events) => {
        const { status } = foldStatus(b, events);
        expect([b, ...events.map((e) => e.status)]).toContain(status);
        expect(STAGE[status]).toBeGreaterThanOrEqual(STAGE[b]);
      }),
    );
  });

  it('never goes back: a later event moves the status forward or leaves it, and a final status stays', () => {
    fc.assert(
      fc.property(base, timeline, fc.constantFrom(...TRACKING_STATUSES), (b, events, next) => {
        const before = foldStatus(b, events);
        const after = foldStatus(b, [...events, { status: next, at: new Date(Date.UTC(2030, 0, 2)) }]);
        expect(STAGE[after.status]).toBeGreaterThanOrEqual(STAGE[before.status]);
        if (isTerminal(before.status)) expect(after).toEqual(before);
      }),
    );
  });

  it('dates the departure exactly when the parcel has left, and the delivery exactly when it is delivered', () => {
    fc.assert(
      fc.property(base, timeline, (b, events) => {
        const { status, shippedAt, deliveredAt } = foldStatus(b, events);
        expect(shippedAt !== null).toBe(hasLeft(status));
        expect(deliveredAt !== null).toBe(status === 'delivered');
        const times = events.map((e) => e.at.getTime());
        if (shippedAt) expect(times).toContain(shippedAt.getTime());
        if (shippedAt && deliveredAt) expect(shippedAt.getTime()).toBeLessThanOrEqual(deliveredAt.getTime());
      }),
    );
  });

  it('cancels only a parcel never reported handed over before or at the cancellation', () => {
    fc.assert(
      fc.property(base, timeline, (b, events) => {
        if (foldStatus(b, events).status !== 'cancelled') return;
        const cancelledAt = Math.min(...events.filter((e) => e.status === 'cancelled').map((e) => e.at.getTime()));
        const handedOver = events.filter((e) => hasLeft(e.status) && e.at.getTime() <= cancelledAt);
        expect(handedOver).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
