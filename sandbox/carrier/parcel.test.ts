import { describe, expect, it } from 'vitest';
import { cancellable, moveParcel, nextEventTime, nextStatus, PATHS, type Parcel, type Scenario } from './parcel';

const address = { name: 'Ada', line1: '1 Loop Rd', city: 'Springfield', postalCode: '12345', country: 'US' };
function parcel(scenario: Scenario): Parcel {
  return {
    id: 'cs_1',
    trackingNumber: 'SBX1',
    reference: 'ord_1',
    address,
    items: [{ sku: 'A', quantity: 1 }],
    scenario,
    status: 'label_created',
    step: 0,
    events: [{ status: 'label_created', at: new Date(0).toISOString(), location: null }],
    createdAt: new Date(0).toISOString(),
  };
}

function walk(scenario: Scenario, nowMs = 1000): string[] {
  let p = parcel(scenario);
  for (let next = nextStatus(p); next; next = nextStatus(p)) p = moveParcel(p, next, nowMs);
  return p.events.map((e) => e.status);
}

describe('sandbox parcel paths', () => {
  it('delivers through every step of the deliver scenario', () => {
    expect(walk('deliver')).toEqual(['label_created', 'picked_up', 'in_transit', 'out_for_delivery', 'delivered']);
  });

  it('retries the door after a failed attempt, then delivers', () => {
    expect(walk('failed_attempt')).toEqual([
      ...PATHS.deliver.slice(0, 4),
      'failed_attempt',
      'out_for_delivery',
      'delivered',
    ]);
  });

  it('returns the parcel after a failed attempt in the return scenario', () => {
    expect(walk('return')).toEqual([...PATHS.deliver.slice(0, 4), 'failed_attempt', 'returned']);
  });

  it('gives strictly increasing event times even within one millisecond', () => {
    let p = parcel('deliver');
    for (let i = 0; i < 4; i++) p = moveParcel(p, nextStatus(p) ?? 'delivered', 5);
    const times = p.events.map((e) => Date.parse(e.at));
    expect(times.every((t, i) => i === 0 || t > (times[i - 1] as number))).toBe(true);
    expect(nextEventTime([], 42)).toBe(new Date(42).toISOString());
  });

  it('can be cancelled only before pick-up, and stops there', () => {
    const fresh = parcel('deliver');
    expect(cancellable(fresh)).toBe(true);
    const cancelled = moveParcel(fresh, 'cancelled', 10);
    expect(nextStatus(cancelled)).toBeNull();
    expect(cancellable(cancelled)).toBe(true);
    expect(cancellable(moveParcel(fresh, 'picked_up', 10))).toBe(false);
  });

  it('says where the parcel is at each scan', () => {
    const p = moveParcel(moveParcel(parcel('deliver'), 'picked_up', 1), 'in_transit', 2);
    expect(p.events.map((e) => e.location)).toEqual([null, 'Sandbox origin depot', 'Sandbox regional sorting center']);
    expect(moveParcel(p, 'out_for_delivery', 3).events.at(-1)?.location).toBe('Springfield delivery station');
  });
});
