import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SHIPMENT_STATUSES } from '../../db/schema/logistics';
import { type LineQuantity, orderProgress, type PlannedShipment, planShipment, unshipped } from './fulfilment-plan';
import { movesTo, TRACKING_STATUSES, type TrackingStatus } from './shipment-status';

/** An order's lines, numbered 1…n, handed over in any order. */
const orderLines = fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 4 }).chain((quantities) =>
  fc.shuffledSubarray(
    quantities.map((quantity, i) => ({ lineNo: i + 1, quantity })),
    { minLength: quantities.length, maxLength: quantities.length },
  ),
);
/** A merchant's request: some line numbers (one the order lacks, too), some repeated. */
const request = fc.option(
  fc.array(fc.record({ lineNo: fc.integer({ min: 1, max: 5 }), quantity: fc.integer({ min: 1, max: 4 }) }), {
    minLength: 1,
    maxLength: 4,
  }),
);
type Action = { kind: 'ship'; lines: LineQuantity[] | null } | { kind: 'status'; pick: number; status: TrackingStatus };
const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('ship' as const), lines: request }) },
  fc.record({ kind: fc.constant('status' as const), pick: fc.nat(), status: fc.constantFrom(...TRACKING_STATUSES) }),
);

const ordered = (lines: readonly LineQuantity[], lineNo: number) =>
  lines.find((l) => l.lineNo === lineNo)?.quantity ?? 0;
const live = (shipments: readonly PlannedShipment[], lineNo: number) =>
  shipments
    .filter((s) => s.status !== 'cancelled')
    .flatMap((s) => s.lines)
    .filter((l) => l.lineNo === lineNo)
    .reduce((n, l) => n + l.quantity, 0);

describe('fulfilment plan (properties)', () => {
  it('never puts one unit in two live shipments, whatever the merchant asks and the parcels do', () => {
    fc.assert(
      fc.property(orderLines, fc.array(action, { maxLength: 15 }), (lines, actions) => {
        const shipments: PlannedShipment[] = [];
        for (const a of actions) {
          if (a.kind === 'status') {
            const s = shipments[a.pick % Math.max(1, shipments.length)];
            // Parcels move as tracking allows: forward only, cancelled before pick-up, nothing after the end.
            if (s && movesTo(s.status, a.status)) shipments[shipments.indexOf(s)] = { ...s, status: a.status };
          } else {
            const plan = planShipment(lines, shipments, a.lines ?? undefined);
            if (plan.ok) shipments.push({ status: 'pending', lines: plan.value });
            if (plan.ok && !a.lines) expect(unshipped(lines, shipments)).toEqual([]);
          }
          for (const l of lines) expect(live(shipments, l.lineNo)).toBeLessThanOrEqual(l.quantity);
          expect(unshipped(lines, shipments)).toEqual(
            [...lines]
              .sort((x, y) => x.lineNo - y.lineNo)
              .map((l) => ({ lineNo: l.lineNo, quantity: l.quantity - live(shipments, l.lineNo) }))
              .filter((l) => l.quantity > 0),
          );
        }
      }),
      { numRuns: 300 },
    );
  });

  it('plans each line once, in line order, accepting up to exactly what is left and never one more', () => {
    fc.assert(
      fc.property(orderLines, request, (lines, asked) => {
        const wanted = new Map<number, number>();
        for (const r of asked ?? []) wanted.set(r.lineNo, (wanted.get(r.lineNo) ?? 0) + r.quantity);
        const plan = planShipment(lines, [], asked ?? undefined);
        const fits = [...wanted].every(([lineNo, quantity]) => quantity <= ordered(lines, lineNo));
        expect(plan.ok).toBe(fits);
        if (!plan.ok) {
          expect(plan).toMatchObject({ code: 'quantity_exceeds_unshipped' });
          expect(plan.message).toMatch(/^Line \d+ has \d+ unit\(s\) left to ship$/);
          return;
        }
        const numbers = plan.value.map((l) => l.lineNo);
        expect(numbers).toEqual([...new Set(numbers)].sort((x, y) => x - y));
        const exactly = planShipment(lines, [], plan.value);
        expect(exactly).toEqual(plan);
      }),
    );
  });

  it('calls an order delivered only once it has shipped, dated by its last parcel', () => {
    const at = fc.option(fc.integer({ min: 0, max: 10 }).map((d) => new Date(Date.UTC(2030, 0, 1 + d))));
    const shipment = fc.record({
      status: fc.constantFrom(...SHIPMENT_STATUSES),
      deliveredAt: at,
      lines: fc.array(fc.record({ lineNo: fc.integer({ min: 1, max: 4 }), quantity: fc.integer({ min: 1, max: 5 }) })),
    });
    fc.assert(
      fc.property(orderLines, fc.array(shipment, { maxLength: 5 }), (lines, shipments) => {
        const progress = orderProgress(lines, shipments);
        if (progress.fullyDelivered) expect(progress.fullyShipped).toBe(true);
        if (!progress.fullyDelivered) expect(progress.deliveredAt).toBeNull();
        const dates = shipments
          .filter((s) => s.status === 'delivered' && s.deliveredAt)
          .map((s) => Number(s.deliveredAt));
        if (progress.fullyDelivered && dates.length > 0) expect(Number(progress.deliveredAt)).toBe(Math.max(...dates));
      }),
    );
  });
});
