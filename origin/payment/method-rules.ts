/**
 * Which payment methods a shopper is offered, as a pure function of the rules, the shipping
 * country, the currency and the order total. The rules come from the configuration
 * (`COD_MAX_AMOUNT`, `COD_COUNTRIES`) unless the merchant overrode a method through the admin
 * API (payment_method_rules), so switching a method on or off needs no code change.
 */
import type { PaymentMethod } from '../../contract/orders';
import type { PaymentsConfig } from '../platform/config/config';

export interface MethodRule {
  method: PaymentMethod;
  enabled: boolean;
  /** Null → every country. */
  countries: string[] | null;
  /** Null → every currency. */
  currencies: string[] | null;
  minAmount: number | null;
  maxAmount: number | null;
}

export const PAYMENT_METHOD_NAMES: readonly PaymentMethod[] = ['card', 'cod'];

/** The rules the configuration gives, before any merchant override. */
export function defaultRules(config: PaymentsConfig): MethodRule[] {
  return [
    { method: 'card', enabled: true, countries: null, currencies: null, minAmount: 1, maxAmount: null },
    {
      method: 'cod',
      enabled: true,
      countries: config.codCountries.length > 0 ? config.codCountries : null,
      currencies: null,
      minAmount: null,
      maxAmount: config.codMaxAmount,
    },
  ];
}

/** Merchant overrides replace the default rule of their method. */
export function effectiveRules(defaults: MethodRule[], overrides: MethodRule[]): MethodRule[] {
  return defaults.map((d) => overrides.find((o) => o.method === d.method) ?? d);
}

export interface MethodQuery {
  country: string;
  currency: string;
  amount: number;
}

/** Why a method is not offered, or null when it is. */
export function refusal(rule: MethodRule, q: MethodQuery): string | null {
  if (!rule.enabled) return 'disabled by the merchant';
  if (rule.countries && !rule.countries.includes(q.country)) return `not offered in ${q.country}`;
  if (rule.currencies && !rule.currencies.includes(q.currency)) return `not offered in ${q.currency}`;
  if (rule.minAmount !== null && q.amount < rule.minAmount) return `only from ${rule.minAmount} minor units`;
  if (rule.maxAmount !== null && q.amount > rule.maxAmount) return `only up to ${rule.maxAmount} minor units`;
  return null;
}

export function offeredMethods(rules: MethodRule[], q: MethodQuery): PaymentMethod[] {
  return rules.filter((r) => refusal(r, q) === null).map((r) => r.method);
}
