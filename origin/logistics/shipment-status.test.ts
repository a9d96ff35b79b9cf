import { describe, expect, it } from 'vitest';
import {
  foldStatus,
  hasLeft,
  isCancellable,
  isTerminal,
  movesTo,
  type StatusEvent,
  TRACKING_STATUSES,
  type TrackingStatus,
} from './shipment-status';

const at = (minute: number) => new Date(Date.UTC(2030, 0, 1, 12, minute));
const ev = (status: TrackingStatus, minute: number): StatusEvent => ({ status, at: at(minute) });

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

describe('shipment status progression', () => {
  it('moves forward along the happy path', () => {
    const events = [ev('label_created', 0), ev('picked_up', 1), ev('in_transit', 2), ev('out_for_delivery', 3)];
    expect(foldStatus('label_created', events)).toEqual({
      status: 'out_for_delivery',
      shippedAt: at(1),
      deliveredAt: null,
    });
    expect(foldStatus('label_created', [...events, ev('delivered', 4)])).toEqual({
      status: 'delivered',
      shippedAt: at(1),
      deliveredAt: at(4),
    });
  });

  it('never moves backwards', () => {
    expect(movesTo('in_transit', 'picked_up')).toBe(false);
    expect(movesTo('in_transit', 'label_created')).toBe(false);
    expect(foldStatus('label_created', [ev('in_transit', 5), ev('picked_up', 6)]).status).toBe('in_transit');
  });

  it('does not move to the status it is already at', () => {
    for (const status of TRACKING_STATUSES) expect(movesTo(status, status), status).toBe(false);
  });

  it('lets a failed attempt be followed by another trip out for delivery', () => {
    expect(movesTo('failed_attempt', 'out_for_delivery')).toBe(true);
    expect(movesTo('out_for_delivery', 'failed_attempt')).toBe(true);
    const loop = [ev('out_for_delivery', 3), ev('failed_attempt', 4), ev('out_for_delivery', 5)];
    expect(foldStatus('label_created', loop).status).toBe('out_for_delivery');
    expect(foldStatus('label_created', loop.slice(0, 2)).status).toBe('failed_attempt');
  });

  it('treats delivered, returned and cancelled as terminal', () => {
    expect(TRACKING_STATUSES.filter(isTerminal)).toEqual(['delivered', 'returned', 'cancelled']);
    expect(isTerminal('pending')).toBe(false);
    for (const end of ['delivered', 'returned', 'cancelled'] as const) {
      for (const next of ['picked_up', 'out_for_delivery', 'failed_attempt', 'delivered', 'returned'] as const) {
        expect(movesTo(end, next), `${end} → ${next}`).toBe(false);
      }
    }
    expect(foldStatus('label_created', [ev('delivered', 5), ev('failed_attempt', 6)]).status).toBe('delivered');
    expect(foldStatus('label_created', [ev('failed_attempt', 4), ev('returned', 5)]).status).toBe('returned');
  });

  it('accepts a cancellation only before pick-up', () => {
    expect(isCancellable('pending')).toBe(true);
    expect(isCancellable('label_created')).toBe(true);
    expect(isCancellable('picked_up')).toBe(false);
    expect(foldStatus('pending', [ev('cancelled', 1)]).status).toBe('cancelled');
    expect(foldStatus('label_created', [ev('picked_up', 1), ev('cancelled', 2)]).status).toBe('picked_up');
    expect(foldStatus('label_created', [ev('cancelled', 1), ev('picked_up', 2)]).status).toBe('cancelled');
  });

  it('ends in the same status whatever order the events arrive in, duplicates included', () => {
    const timelines: StatusEvent[][] = [
      [ev('label_created', 0), ev('picked_up', 1), ev('in_transit', 2), ev('out_for_delivery', 3), ev('delivered', 4)],
      [
        ev('picked_up', 1),
        ev('out_for_delivery', 3),
        ev('failed_attempt', 4),
        ev('out_for_delivery', 5),
        ev('delivered', 6),
      ],
      [ev('in_transit', 2), ev('out_for_delivery', 3), ev('failed_attempt', 4), ev('returned', 5), ev('in_transit', 2)],
    ];
    for (const events of timelines) {
      const expected = foldStatus('label_created', events);
      for (const order of permutations(events)) expect(foldStatus('label_created', order)).toEqual(expected);
    }
  });

  it('refuses a cancellation reported at the same instant as a pick-up, delivery or return, whatever the arrival order', () => {
    for (const handedOver of ['picked_up', 'delivered', 'returned'] as const) {
      for (const base of ['pending', 'label_created'] as const) {
        const events = [ev('cancelled', 7), ev(handedOver, 7)];
        expect(foldStatus(base, events).status, `${handedOver} from ${base}`).toBe(handedOver);
        expect(foldStatus(base, [...events].reverse()).status, `${handedOver} from ${base}`).toBe(handedOver);
      }
    }
  });

  it('applies the events of one instant stage by stage: the furthest wins, a failed attempt before the next trip out', () => {
    const instant = [ev('out_for_delivery', 9), ev('in_transit', 9), ev('failed_attempt', 9), ev('picked_up', 9)];
    for (const order of permutations(instant)) {
      expect(foldStatus('label_created', order)).toEqual({
        status: 'out_for_delivery',
        shippedAt: at(9),
        deliveredAt: null,
      });
    }
    for (const order of permutations([ev('returned', 9), ev('delivered', 9), ev('in_transit', 9)])) {
      expect(foldStatus('label_created', order)).toEqual({ status: 'delivered', shippedAt: at(9), deliveredAt: at(9) });
    }
  });

  it('counts every status from pick-up on as having left, except cancelled', () => {
    expect(['pending', 'label_created', 'cancelled'].map((s) => hasLeft(s as never))).toEqual([false, false, false]);
    expect(
      ['picked_up', 'in_transit', 'failed_attempt', 'delivered', 'returned'].every((s) => hasLeft(s as never)),
    ).toBe(true);
  });
});
