import { describe, expect, it } from 'vitest';
import { orderProgress, type PlannedShipment, planShipment, unshipped } from './fulfilment-plan';

const lines = [
  { lineNo: 1, quantity: 3 },
  { lineNo: 2, quantity: 1 },
];
const shipment = (status: PlannedShipment['status'], l: [number, number][], deliveredAt?: Date): PlannedShipment => ({
  status,
  deliveredAt: deliveredAt ?? null,
  lines: l.map(([lineNo, quantity]) => ({ lineNo, quantity })),
});

describe('what is left to ship', () => {
  it('subtracts every live shipment, pending ones included, and gives cancelled units back', () => {
    expect(unshipped(lines, [])).toEqual(lines);
    expect(unshipped(lines, [shipment('pending', [[1, 2]])])).toEqual([
      { lineNo: 1, quantity: 1 },
      { lineNo: 2, quantity: 1 },
    ]);
    expect(unshipped(lines, [shipment('cancelled', [[1, 3]]), shipment('delivered', [[2, 1]])])).toEqual([
      { lineNo: 1, quantity: 3 },
    ]);
  });

  it('plans everything left when no lines are given', () => {
    expect(planShipment(lines, [shipment('in_transit', [[1, 1]])])).toEqual({
      ok: true,
      value: [
        { lineNo: 1, quantity: 2 },
        { lineNo: 2, quantity: 1 },
      ],
    });
  });

  it('plans the requested lines, adding up repeated line numbers', () => {
    const plan = planShipment(
      lines,
      [],
      [
        { lineNo: 1, quantity: 1 },
        { lineNo: 1, quantity: 1 },
      ],
    );
    expect(plan).toEqual({ ok: true, value: [{ lineNo: 1, quantity: 2 }] });
  });

  it('refuses more than is left of a line, or a line the order does not have', () => {
    const over = planShipment(lines, [shipment('label_created', [[1, 2]])], [{ lineNo: 1, quantity: 2 }]);
    expect(over).toMatchObject({
      ok: false,
      code: 'quantity_exceeds_unshipped',
      details: { lineNo: 1, requested: 2, remaining: 1 },
    });
    expect(planShipment(lines, [], [{ lineNo: 9, quantity: 1 }])).toMatchObject({
      ok: false,
      code: 'quantity_exceeds_unshipped',
      details: { remaining: 0 },
    });
  });

  it('tells the merchant what is left, or that nothing is', () => {
    expect(planShipment(lines, [], [{ lineNo: 2, quantity: 2 }])).toMatchObject({
      message: 'Line 2 has 1 unit(s) left to ship',
    });
    expect(
      planShipment(lines, [
        shipment('pending', [
          [1, 3],
          [2, 1],
        ]),
      ]),
    ).toMatchObject({
      message: 'Every unit of this order is already in a shipment',
    });
  });

  it('refuses a shipment when nothing is left', () => {
    const all = [shipment('pending', [[1, 3]]), shipment('picked_up', [[2, 1]])];
    expect(planShipment(lines, all)).toMatchObject({ ok: false, code: 'order_not_shippable' });
    expect(planShipment(lines, all, [{ lineNo: 1, quantity: 1 }])).toMatchObject({
      ok: false,
      code: 'order_not_shippable',
    });
  });
});

describe('order progress', () => {
  const t1 = new Date('2030-01-01T10:00:00Z');
  const t2 = new Date('2030-01-02T10:00:00Z');

  it('is shipped only when every unit is in a parcel that has left', () => {
    expect(orderProgress(lines, [shipment('picked_up', [[1, 3]])]).fullyShipped).toBe(false);
    expect(
      orderProgress(lines, [shipment('picked_up', [[1, 3]]), shipment('label_created', [[2, 1]])]).fullyShipped,
    ).toBe(false);
    expect(orderProgress(lines, [shipment('picked_up', [[1, 3]]), shipment('in_transit', [[2, 1]])])).toEqual({
      fullyShipped: true,
      fullyDelivered: false,
      deliveredAt: null,
    });
  });

  it('is delivered when every unit arrived, at the time of the last parcel', () => {
    const both = [shipment('delivered', [[1, 3]], t2), shipment('delivered', [[2, 1]], t1)];
    expect(orderProgress(lines, both)).toEqual({ fullyShipped: true, fullyDelivered: true, deliveredAt: t2 });
  });

  it('is never delivered while a parcel came back', () => {
    const returned = [shipment('delivered', [[1, 3]], t1), shipment('returned', [[2, 1]])];
    expect(orderProgress(lines, returned)).toMatchObject({ fullyShipped: true, fullyDelivered: false });
  });

  it('has no delivery date while a unit is still on its way, nor when the delivered parcels carry none', () => {
    const partly = [shipment('delivered', [[1, 3]], t1), shipment('in_transit', [[2, 1]])];
    expect(orderProgress(lines, partly)).toEqual({ fullyShipped: true, fullyDelivered: false, deliveredAt: null });
    const undated = [shipment('delivered', [[1, 3]]), shipment('delivered', [[2, 1]])];
    expect(orderProgress(lines, undated)).toEqual({ fullyShipped: true, fullyDelivered: true, deliveredAt: null });
  });

  it('never calls an order without lines shipped', () => {
    expect(orderProgress([], [shipment('delivered', [[1, 1]], t1)])).toEqual({
      fullyShipped: false,
      fullyDelivered: false,
      deliveredAt: null,
    });
  });

  it('ignores cancelled shipments', () => {
    const mixed = [
      shipment('cancelled', [[1, 3]]),
      shipment(
        'delivered',
        [
          [1, 3],
          [2, 1],
        ],
        t1,
      ),
    ];
    expect(orderProgress(lines, mixed)).toMatchObject({ fullyShipped: true, fullyDelivered: true });
  });
});
