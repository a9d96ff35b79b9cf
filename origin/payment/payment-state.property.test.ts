import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PaymentStatus } from '../../db/schema/payment';
import { applyPaymentEvent, isOpen, type PaymentChange, refundable } from './payment-state';
import type { ProviderEvent } from './provider';

type PaymentEvent = Extract<ProviderEvent, { type: `payment.${string}` }>;
interface Payment {
  status: PaymentStatus;
  amount: number;
  amountCaptured: number;
  failureCode: string | null;
  nextAction: Record<string, unknown> | null;
}

const AMOUNT = 10_000;
const TERMINAL_UNLESS_CAPTURED: readonly PaymentStatus[] = ['failed', 'cancelled'];

/** What a card provider may report, any number of times, in any order, with any amount. */
const event: fc.Arbitrary<PaymentEvent> = fc.record({
  id: fc.constant('evt'),
  type: fc.constantFrom(
    'payment.requires_action' as const,
    'payment.authorized' as const,
    'payment.captured' as const,
    'payment.failed' as const,
    'payment.cancelled' as const,
  ),
  intentRef: fc.constant('pi_1'),
  amount: fc.integer({ min: 0, max: 3 * AMOUNT }),
  failureCode: fc.option(fc.constantFrom('card_declined', 'expired_card', 'authentication_failed')),
  nextAction: fc.option(fc.constant({ type: 'redirect_to_url', url: 'https://bank.example/3ds' })),
});

/** The row after the change, as payment-effects.ts saves it (absent fields are left alone). */
function applied(p: Payment, change: PaymentChange): Payment {
  return { ...p, ...change };
}

function replay(events: readonly PaymentEvent[]): Payment[] {
  let p: Payment = { status: 'pending', amount: AMOUNT, amountCaptured: 0, failureCode: null, nextAction: null };
  const states = [p];
  for (const e of events) {
    const change = applyPaymentEvent(p, e);
    if (change) p = applied(p, change);
    states.push(p);
  }
  return states;
}

describe('payment state (properties)', () => {
  it('reaches only possible states: nothing captured beyond the amount, an action only while one is required', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 25 }), (events) => {
        for (const p of replay(events)) {
          expect(p.amountCaptured).toBeGreaterThanOrEqual(0);
          expect(p.amountCaptured).toBeLessThanOrEqual(p.amount);
          if (p.status !== 'captured') expect(p.amountCaptured).toBe(0);
          if (p.nextAction !== null) expect(p.status).toBe('requires_action');
          if (p.status === 'failed') expect(p.failureCode).toMatch(/^[a-z_]+$/);
          expect(p.status).not.toBe('pending_collection'); // cash on delivery only, never from a card provider
        }
      }),
      { numRuns: 300 },
    );
  });

  it('only moves forward: captured is final, failed and cancelled give way to a capture alone', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 25 }), (events) => {
        const states = replay(events);
        states.slice(1).forEach((p, i) => {
          const before = (states[i] as Payment).status;
          if (before === 'captured') expect(p.status).toBe('captured');
          if (TERMINAL_UNLESS_CAPTURED.includes(before)) expect([before, 'captured']).toContain(p.status);
          if (p.status !== before && !isOpen(before)) expect(p.status).toBe('captured');
        });
      }),
      { numRuns: 300 },
    );
  });

  it('changes nothing when the same event comes again (webhooks are delivered at least once)', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 15 }), event, (events, e) => {
        const p = replay(events).at(-1) as Payment;
        const change = applyPaymentEvent(p, e);
        if (change) expect(applyPaymentEvent(applied(p, change), e)).toBeNull();
      }),
      { numRuns: 300 },
    );
  });

  it('settles an undecided payment as the provider says, voids an authorised one on cancellation, challenges only before', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 15 }), (events) => {
        const p = replay(events).at(-1) as Payment;
        const cancelled = applyPaymentEvent(p, sample('payment.cancelled'));
        const failed = applyPaymentEvent(p, { ...sample('payment.failed'), failureCode: null });
        const authorized = applyPaymentEvent(p, sample('payment.authorized'));
        const nextAction = { type: 'redirect_to_url', url: 'https://bank.example/3ds' };
        const challenge = applyPaymentEvent(p, { ...sample('payment.requires_action'), nextAction });
        const undecided = p.status === 'pending' || p.status === 'requires_action' || p.status === 'processing';
        expect(cancelled).toEqual(isOpen(p.status) ? { status: 'cancelled', nextAction: null } : null);
        expect(failed).toEqual(undecided ? { status: 'failed', failureCode: 'failed', nextAction: null } : null);
        expect(authorized).toEqual(undecided ? { status: 'authorized', nextAction: null } : null);
        const challengeable = p.status === 'pending' || p.status === 'processing';
        expect(challenge).toEqual(challengeable ? { status: 'requires_action', nextAction } : null);
      }),
    );
  });

  it('records every capture, whatever came before it, and never as more than the payment', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 15 }), fc.integer({ min: 0, max: 3 * AMOUNT }), (events, amount) => {
        const p = replay(events).at(-1) as Payment;
        const change = applyPaymentEvent(p, { ...sample('payment.captured'), amount });
        if (p.status === 'captured') expect(change).toBeNull();
        else expect(change).toEqual({ status: 'captured', amountCaptured: Math.min(amount, AMOUNT), nextAction: null });
      }),
    );
  });
});

describe('refundable (properties)', () => {
  it('never lets refunds, done and under way, add up to more than was captured', () => {
    const refunds = fc.array(fc.record({ amount: fc.integer({ min: 1, max: AMOUNT }), settles: fc.boolean() }), {
      maxLength: 20,
    });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: AMOUNT }), refunds, (captured, asked) => {
        let refunded = 0;
        let pending = 0;
        for (const r of asked) {
          const left = refundable({ amountCaptured: captured, amountRefunded: refunded }, pending);
          expect(left).toBe(captured - refunded - pending);
          if (r.amount > left) continue; // refund_exceeds_captured
          if (r.settles) refunded += r.amount;
          else pending += r.amount;
          expect(refunded + pending).toBeLessThanOrEqual(captured);
        }
      }),
    );
  });

  it('is never negative nor more than was captured, and shrinks as refunds grow', () => {
    fc.assert(
      fc.property(
        fc.nat(AMOUNT),
        fc.nat(2 * AMOUNT),
        fc.nat(2 * AMOUNT),
        fc.nat(100),
        (captured, refunded, pending, more) => {
          const left = refundable({ amountCaptured: captured, amountRefunded: refunded }, pending);
          expect(left).toBeGreaterThanOrEqual(0);
          expect(left).toBeLessThanOrEqual(captured);
          expect(
            refundable({ amountCaptured: captured, amountRefunded: refunded + more }, pending),
          ).toBeLessThanOrEqual(left);
          expect(
            refundable({ amountCaptured: captured, amountRefunded: refunded }, pending + more),
          ).toBeLessThanOrEqual(left);
        },
      ),
    );
  });
});

function sample(type: PaymentEvent['type']): PaymentEvent {
  return { id: 'evt', type, intentRef: 'pi_1', amount: AMOUNT, failureCode: null, nextAction: null };
}
