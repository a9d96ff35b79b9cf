import { describe, expect, it } from 'vitest';
import type { PaymentStatus } from '../../db/schema/payment';
import { applyPaymentEvent, isOpen, refundable } from './payment-state';
import type { ProviderEvent } from './provider';

type PaymentEvent = Extract<ProviderEvent, { type: `payment.${string}` }>;
const event = (type: PaymentEvent['type'], extra: Partial<PaymentEvent> = {}): PaymentEvent => ({
  id: 'evt_1',
  type,
  intentRef: 'pi_1',
  amount: 1000,
  failureCode: null,
  nextAction: null,
  ...extra,
});
const at = (status: PaymentStatus, amountCaptured = 0) => ({ status, amount: 1000, amountCaptured });

describe('applyPaymentEvent', () => {
  it('moves a payment forward through authorisation and capture', () => {
    expect(applyPaymentEvent(at('processing'), event('payment.authorized'))).toEqual({
      status: 'authorized',
      nextAction: null,
    });
    expect(applyPaymentEvent(at('authorized'), event('payment.captured'))).toEqual({
      status: 'captured',
      amountCaptured: 1000,
      nextAction: null,
    });
  });

  it('accepts a capture that overtook its authorisation, and then ignores the late authorisation', () => {
    expect(applyPaymentEvent(at('processing'), event('payment.captured'))?.status).toBe('captured');
    expect(applyPaymentEvent(at('captured', 1000), event('payment.authorized'))).toBeNull();
  });

  it('changes nothing for a duplicate', () => {
    expect(applyPaymentEvent(at('captured', 1000), event('payment.captured'))).toBeNull();
    expect(applyPaymentEvent(at('failed'), event('payment.failed'))).toBeNull();
    expect(applyPaymentEvent(at('cancelled'), event('payment.cancelled'))).toBeNull();
  });

  it('records money taken even for a payment given up on, so it can be refunded', () => {
    expect(applyPaymentEvent(at('cancelled'), event('payment.captured'))?.status).toBe('captured');
    expect(applyPaymentEvent(at('failed'), event('payment.captured'))?.status).toBe('captured');
  });

  it('never captures more than the payment amount', () => {
    expect(applyPaymentEvent(at('authorized'), event('payment.captured', { amount: 5000 }))?.amountCaptured).toBe(1000);
  });

  it('fails only an open payment and keeps the failure code', () => {
    expect(applyPaymentEvent(at('processing'), event('payment.failed', { failureCode: 'card_declined' }))).toEqual({
      status: 'failed',
      failureCode: 'card_declined',
      nextAction: null,
    });
    expect(applyPaymentEvent(at('authorized'), event('payment.failed'))).toBeNull();
    expect(applyPaymentEvent(at('captured', 1000), event('payment.cancelled'))).toBeNull();
  });

  it('shows the customer action of a 3-D Secure step', () => {
    const nextAction = { type: 'redirect_to_url', url: 'https://bank.example/3ds' };
    expect(applyPaymentEvent(at('processing'), event('payment.requires_action', { nextAction }))).toEqual({
      status: 'requires_action',
      nextAction,
    });
    expect(applyPaymentEvent(at('authorized'), event('payment.requires_action', { nextAction }))).toBeNull();
  });
});

describe('applyPaymentEvent, the rules no example covered', () => {
  it('starts a 3-D Secure step from a payment still pending as well (the first answer may be the challenge)', () => {
    const nextAction = { type: 'redirect_to_url', url: 'https://bank.example/3ds' };
    expect(applyPaymentEvent(at('pending'), event('payment.requires_action', { nextAction }))).toEqual({
      status: 'requires_action',
      nextAction,
    });
    expect(applyPaymentEvent(at('requires_action'), event('payment.requires_action', { nextAction }))).toBeNull();
  });

  it("cancels every open payment on the provider's word, an authorised one included, and clears its action", () => {
    for (const status of ['pending', 'requires_action', 'processing', 'authorized'] as const) {
      expect(applyPaymentEvent(at(status), event('payment.cancelled')), status).toEqual({
        status: 'cancelled',
        nextAction: null,
      });
    }
    expect(applyPaymentEvent(at('failed'), event('payment.cancelled'))).toBeNull();
  });

  it('records a failure the provider gave no code for as `failed`', () => {
    expect(applyPaymentEvent(at('requires_action'), event('payment.failed', { failureCode: null }))).toEqual({
      status: 'failed',
      failureCode: 'failed',
      nextAction: null,
    });
  });
});

describe('refundable and isOpen', () => {
  it('subtracts refunded and pending refunds from what was captured, never below zero', () => {
    expect(refundable({ amountCaptured: 1000, amountRefunded: 300 }, 200)).toBe(500);
    expect(refundable({ amountCaptured: 1000, amountRefunded: 1000 }, 0)).toBe(0);
    expect(refundable({ amountCaptured: 0, amountRefunded: 0 }, 100)).toBe(0);
  });

  it('treats only uncaptured, unfinished payments as open', () => {
    expect(['pending', 'requires_action', 'processing', 'authorized'].every((s) => isOpen(s as PaymentStatus))).toBe(
      true,
    );
    expect(['captured', 'failed', 'cancelled', 'pending_collection'].some((s) => isOpen(s as PaymentStatus))).toBe(
      false,
    );
  });
});
