import { describe, expect, it } from 'vitest';
import { publicTimeline, toOrderTracking } from './shipment-view';
import type { ShipmentRecord } from './shipments';

const at = (minute: number) => new Date(Date.UTC(2030, 0, 1, 12, minute));
let n = 0;
const event = (status: string, minute: number, location: string | null = null, source = 'carrier') => ({
  id: `trk_${String(n++).padStart(4, '0')}`,
  shipmentId: 'shp_1',
  status: status as ShipmentRecord['status'],
  at: at(minute),
  location,
  source,
  externalId: null,
  createdAt: at(minute),
});

function record(overrides: Partial<ShipmentRecord> = {}): ShipmentRecord {
  return {
    id: 'shp_1',
    orderId: 'ord_1',
    carrier: 'sandbox-carrier',
    carrierRef: 'cs_1',
    trackingNumber: 'SBX1',
    labelUrl: null,
    status: 'in_transit',
    shippedAt: null,
    deliveredAt: null,
    stockCommittedAt: null,
    createdAt: at(0),
    updatedAt: at(0),
    lines: [{ lineNo: 1, quantity: 1 }],
    events: [],
    ...overrides,
  };
}

describe('the shopper’s timeline', () => {
  it('is oldest first by the carrier’s time, whatever order the events were stored in', () => {
    const timeline = publicTimeline([event('in_transit', 2, 'Hub'), event('label_created', 0), event('picked_up', 1)]);
    expect(timeline).toEqual([
      { status: 'label_created', at: at(0).toISOString() },
      { status: 'picked_up', at: at(1).toISOString() },
      { status: 'in_transit', at: at(2).toISOString(), location: 'Hub' },
    ]);
  });

  it('shows a status reported twice in a row once, but keeps a second delivery attempt', () => {
    const timeline = publicTimeline([
      event('out_for_delivery', 3),
      event('failed_attempt', 4),
      event('out_for_delivery', 5),
      event('cancelled', 6, null, 'system'),
      event('cancelled', 7),
    ]);
    expect(timeline.map((e) => e.status)).toEqual([
      'out_for_delivery',
      'failed_attempt',
      'out_for_delivery',
      'cancelled',
    ]);
  });
});

describe('the shopper’s tracking', () => {
  it('shows parcels with a tracking number and leaves cancelled ones out', () => {
    const tracking = toOrderTracking('fulfilling', [
      record({ events: [event('label_created', 0)] }),
      record({ id: 'shp_2', trackingNumber: null, carrierRef: null, status: 'pending' }),
      record({ id: 'shp_3', trackingNumber: 'SBX3', status: 'cancelled' }),
    ]);
    expect(tracking).toEqual({
      status: 'fulfilling',
      shipments: [
        {
          carrier: 'sandbox-carrier',
          trackingNumber: 'SBX1',
          status: 'in_transit',
          events: [{ status: 'label_created', at: at(0).toISOString() }],
        },
      ],
    });
  });
});
