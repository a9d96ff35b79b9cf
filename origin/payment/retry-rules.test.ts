import { describe, expect, it } from 'vitest';
import type { OrderStatus } from '../../contract/orders';
import type { PaymentStatus } from '../../db/schema/payment';
import { defaultRules } from './method-rules';
import { methodRefusal, type RetryFacts, retryOffer, retryRefusal } from './retry-rules';

const now = new Date('2030-01-01T12:00:00.000Z');
const later = new Date(now.getTime() + 60_000);
const rules = defaultRules({
  cardProvider: 'sandbox-card',
  captureMethod: 'automatic',
  codMaxAmount: 50_000,
  codCountries: ['US'],
  sandboxCard: { url: 'http://x', secretKey: 'k', webhookSecret: 's' },
});
const us = { country: 'US', currency: 'USD', amount: 5_500 };

const facts = (over: Partial<RetryFacts> = {}): RetryFacts => ({
  orderStatus: 'pending_payment',
  paymentDeadline: later,
  current: { status: 'failed' },
  ...over,
});

describe('paying an order again', () => {
  it.each<PaymentStatus>(['failed', 'cancelled'])('allows a new attempt once the current one is %s', (status) => {
    expect(retryRefusal(facts({ current: { status } }), now)).toBeNull();
  });

  it.each<PaymentStatus>(['pending', 'requires_action', 'processing', 'authorized', 'captured', 'pending_collection'])(
    'refuses a new attempt while the current one is %s (one live attempt, one charge)',
    (status) => {
      expect(retryRefusal(facts({ current: { status } }), now)).toMatchObject({
        code: 'payment_in_progress',
        details: { paymentStatus: status },
      });
    },
  );

  it('refuses at the deadline and after it, and for an order without one', () => {
    expect(retryRefusal(facts({ paymentDeadline: now }), now)?.code).toBe('payment_deadline_passed');
    expect(retryRefusal(facts({ paymentDeadline: new Date(now.getTime() - 1) }), now)?.code).toBe(
      'payment_deadline_passed',
    );
    expect(retryRefusal(facts({ paymentDeadline: null }), now)?.code).toBe('payment_deadline_passed');
  });

  it('refuses a cancelled order, and an order that needs no payment any more', () => {
    expect(retryRefusal(facts({ orderStatus: 'cancelled' }), now)?.code).toBe('order_cancelled');
    for (const orderStatus of ['confirmed', 'paid', 'shipped', 'refunded'] satisfies OrderStatus[]) {
      expect(retryRefusal(facts({ orderStatus }), now)?.code).toBe('order_not_awaiting_payment');
    }
  });

  it('checks the method against the rules for the order, naming what is offered', () => {
    expect(methodRefusal(rules, 'card', us)).toBeNull();
    expect(methodRefusal(rules, 'cod', us)).toBeNull();
    expect(methodRefusal(rules, 'cod', { ...us, country: 'FR' })).toMatchObject({
      code: 'payment_method_unavailable',
      details: { offered: ['card'] },
    });
    expect(methodRefusal(rules, 'cod', { ...us, amount: 50_001 })?.code).toBe('payment_method_unavailable');
  });

  it('offers the methods of the rules until the deadline, and nothing when no attempt may start', () => {
    expect(retryOffer(facts(), rules, us, now)).toEqual({ methods: ['card', 'cod'], until: later.toISOString() });
    expect(retryOffer(facts(), rules, { ...us, country: 'FR' }, now)).toEqual({
      methods: ['card'],
      until: later.toISOString(),
    });
    expect(retryOffer(facts({ current: { status: 'processing' } }), rules, us, now)).toBeNull();
    expect(retryOffer(facts({ paymentDeadline: now }), rules, us, now)).toBeNull();
    const noCard = rules.map((r) => (r.method === 'card' ? { ...r, enabled: false } : r));
    expect(retryOffer(facts(), noCard, { ...us, country: 'FR' }, now)).toBeNull();
  });
});
