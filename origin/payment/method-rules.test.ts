import { describe, expect, it } from 'vitest';
import {
  defaultRules,
  effectiveRules,
  type MethodRule,
  offeredMethods,
  PAYMENT_METHOD_NAMES,
  refusal,
} from './method-rules';

const config = {
  cardProvider: 'sandbox-card' as const,
  captureMethod: 'automatic' as const,
  codMaxAmount: 50_000,
  codCountries: ['US', 'DE'],
  sandboxCard: { url: 'http://x', secretKey: 'k', webhookSecret: 's' },
};
const q = (country: string, amount: number, currency = 'USD') => ({ country, amount, currency });

describe('payment method rules', () => {
  it('offers card everywhere and cash on delivery within its countries and ceiling', () => {
    const rules = defaultRules(config);
    expect(offeredMethods(rules, q('US', 10_000))).toEqual(['card', 'cod']);
    expect(offeredMethods(rules, q('US', 50_000))).toEqual(['card', 'cod']);
    expect(offeredMethods(rules, q('US', 50_001))).toEqual(['card']);
    expect(offeredMethods(rules, q('FR', 10_000))).toEqual(['card']);
  });

  it('offers cash on delivery in every country when none are configured', () => {
    expect(offeredMethods(defaultRules({ ...config, codCountries: [] }), q('FR', 100))).toEqual(['card', 'cod']);
  });

  it('lets a merchant override replace the configured rule of its method only', () => {
    const off: MethodRule = {
      method: 'card',
      enabled: false,
      countries: null,
      currencies: null,
      minAmount: null,
      maxAmount: null,
    };
    const rules = effectiveRules(defaultRules(config), [off]);
    expect(offeredMethods(rules, q('US', 100))).toEqual(['cod']);
    expect(refusal(off, q('US', 100))).toBe('disabled by the merchant');
  });

  it('explains each refusal', () => {
    const rule: MethodRule = {
      method: 'cod',
      enabled: true,
      countries: ['DE'],
      currencies: ['EUR'],
      minAmount: 100,
      maxAmount: 200,
    };
    expect(refusal(rule, q('US', 150, 'EUR'))).toMatch(/not offered in US/);
    expect(refusal(rule, q('DE', 150, 'USD'))).toMatch(/not offered in USD/);
    expect(refusal(rule, q('DE', 50, 'EUR'))).toMatch(/only from 100/);
    expect(refusal(rule, q('DE', 250, 'EUR'))).toMatch(/only up to 200/);
    expect(refusal(rule, q('DE', 150, 'EUR'))).toBeNull();
  });

  it('never offers a card payment of nothing', () => {
    expect(offeredMethods(defaultRules(config), q('US', 0))).toEqual(['cod']);
  });

  it('offers a card payment from one minor unit on: both bounds are inclusive', () => {
    expect(offeredMethods(defaultRules(config), q('US', 1))).toEqual(['card', 'cod']);
    const rule: MethodRule = {
      method: 'cod',
      enabled: true,
      countries: null,
      currencies: null,
      minAmount: 100,
      maxAmount: 200,
    };
    expect([99, 100, 200, 201].map((amount) => refusal(rule, q('US', amount)))).toEqual([
      'only from 100 minor units',
      null,
      null,
      'only up to 200 minor units',
    ]);
  });

  it('has a configured rule for every method it knows, in the same order', () => {
    expect(defaultRules(config).map((r) => r.method)).toEqual([...PAYMENT_METHOD_NAMES]);
    expect(PAYMENT_METHOD_NAMES).toHaveLength(2);
  });
});
