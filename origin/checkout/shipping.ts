/** Shipping methods and tax rates for a destination, read in the checkout transaction. */
import { and, asc, eq, sql } from 'drizzle-orm';
import { shippingMethods, shippingZones, taxRates } from '../../db/schema/checkout';
import type { Writer } from '../platform/outbox/outbox';
import { err, ok, type Result } from '../platform/result';
import type { ShippingRate, TaxRate } from './pricing';

export interface ShippingChoice extends ShippingRate {
  id: string;
  name: string;
}

/**
 * The shipping method for an order to `country` in `currency`: the one asked for, or else the
 * cheapest active one of the zones that cover the country.
 */
export async function chooseShipping(
  tx: Writer,
  country: string,
  currency: string,
  methodId?: string,
): Promise<Result<ShippingChoice, 'shipping_unavailable' | 'shipping_method_not_found'>> {
  const methods = await tx
    .select({
      id: shippingMethods.id,
      name: shippingMethods.name,
      amount: shippingMethods.amount,
      freeOver: shippingMethods.freeOver,
    })
    .from(shippingMethods)
    .innerJoin(shippingZones, eq(shippingZones.id, shippingMethods.zoneId))
    .where(
      and(
        eq(shippingMethods.active, true),
        eq(shippingMethods.currency, currency),
        sql`${shippingZones.countries} @> array[${country}]::text[]`,
      ),
    )
    .orderBy(asc(shippingMethods.amount), asc(shippingMethods.position), asc(shippingMethods.id));
  if (methodId) {
    const chosen = methods.find((m) => m.id === methodId);
    return chosen
      ? ok(chosen)
      : err('shipping_method_not_found', `Shipping method ${methodId} does not ship to ${country}`);
  }
  const cheapest = methods[0];
  return cheapest ? ok(cheapest) : err('shipping_unavailable', `We do not ship to ${country} yet`);
}

/** The tax rate of a destination country, or null when it has none. */
export async function taxRateFor(tx: Writer, country: string): Promise<TaxRate | null> {
  const [row] = await tx
    .select({ rateBp: taxRates.rateBp, appliesToShipping: taxRates.appliesToShipping })
    .from(taxRates)
    .where(eq(taxRates.country, country));
  return row ?? null;
}
