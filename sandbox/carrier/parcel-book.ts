/**
 * The sandbox carrier's parcels in memory, the clock that moves them, and the signed
 * `tracking.updated` webhook sent for every move (in order per parcel, retried on failure).
 */
import type { WebhookSender } from '../lib/webhook-sender';
import { type Address, cancellable, moveParcel, nextStatus, type Parcel, type Scenario } from './parcel';

export interface NewParcel {
  reference: string;
  address: Address;
  items: { sku: string; quantity: number }[];
  scenario: Scenario;
}

const randomHex = (bytes: number) =>
  Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, '0')).join('');
const randomDigits = (n: number) => Array.from(crypto.getRandomValues(new Uint8Array(n)), (b) => b % 10).join('');

export class ParcelBook {
  private readonly parcels = new Map<string, Parcel>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private closed = false;

  constructor(
    private readonly sender: WebhookSender,
    /** Milliseconds between automatic steps; 0 → parcels move only through `advance`. */
    private readonly stepMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(id: string): Parcel | undefined {
    return this.parcels.get(id);
  }

  create(input: NewParcel): Parcel {
    const nowMs = this.now();
    const blank: Parcel = {
      id: `cs_${randomHex(12)}`,
      trackingNumber: `SBX${randomDigits(12)}`,
      ...input,
      status: 'label_created',
      step: -1,
      events: [],
      createdAt: new Date(nowMs).toISOString(),
    };
    return this.commit(moveParcel(blank, 'label_created', nowMs));
  }

  /** One step along the parcel's path now; `final` when there is none left. */
  advance(id: string): Parcel | 'not_found' | 'final' {
    const parcel = this.parcels.get(id);
    if (!parcel) return 'not_found';
    const next = nextStatus(parcel);
    if (!next) return 'final';
    return this.commit(moveParcel(parcel, next, this.now()));
  }

  /** Voids the label before pick-up (idempotent); `not_cancellable` once the parcel moved. */
  cancel(id: string): Parcel | 'not_found' | 'not_cancellable' {
    const parcel = this.parcels.get(id);
    if (!parcel) return 'not_found';
    if (!cancellable(parcel)) return 'not_cancellable';
    if (parcel.status === 'cancelled') return parcel;
    return this.commit(moveParcel(parcel, 'cancelled', this.now()));
  }

  /** Stops the clock (pending automatic steps are dropped). */
  close(): void {
    this.closed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private commit(parcel: Parcel): Parcel {
    this.parcels.set(parcel.id, parcel);
    const event = parcel.events.at(-1);
    if (event) {
      this.sender.send(parcel.id, {
        id: `evt_${randomHex(12)}`,
        type: 'tracking.updated',
        createdAt: new Date(this.now()).toISOString(),
        data: {
          shipmentId: parcel.id,
          trackingNumber: parcel.trackingNumber,
          reference: parcel.reference,
          status: event.status,
          at: event.at,
          location: event.location,
        },
      });
    }
    this.schedule(parcel);
    return parcel;
  }

  private schedule(parcel: Parcel) {
    const pending = this.timers.get(parcel.id);
    if (pending) clearTimeout(pending);
    this.timers.delete(parcel.id);
    if (this.closed || this.stepMs <= 0 || !nextStatus(parcel)) return;
    const timer = setTimeout(() => {
      this.timers.delete(parcel.id);
      this.advance(parcel.id);
    }, this.stepMs);
    (timer as { unref?: () => void }).unref?.();
    this.timers.set(parcel.id, timer);
  }
}
