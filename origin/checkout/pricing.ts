/**
 * Order totals, in integer minor units only. Tax is added on top of prices (exclusive), at
 * the destination country's rate in basis points, on the subtotal and — where the country
 * taxes it — on shipping, each rounded half up once.
 */

export interface PricedLine {
  quantity: number;
  unitPrice: number;
}

export interface ShippingRate {
  amount: number;
  /** Shipping is free when the subtotal reaches this amount (null: never free). */
  freeOver: number | null;
}

export interface TaxRate {
  rateBp: number;
  appliesToShipping: boolean;
}

export interface Totals {
  subtotal: number;
  shipping: number;
  tax: number;
  total: number;
}

/** `amount × rateBp / 10 000`, rounded half up, exactly (no floating point). */
export function applyRate(amount: number, rateBp: number): number {
  if (!Number.isSafeInteger(amount) || !Number.isSafeInteger(rateBp) || amount < 0 || rateBp < 0) {
    throw new RangeError('applyRate needs non-negative integers');
  }
  return Number((BigInt(amount) * BigInt(rateBp) + 5000n) / 10000n);
}

export function lineTotal(line: PricedLine): number {
  return line.quantity * line.unitPrice;
}

export function shippingCost(subtotal: number, rate: ShippingRate): number {
  return rate.freeOver !== null && subtotal >= rate.freeOver ? 0 : rate.amount;
}

export function computeTotals(lines: PricedLine[], shipping: ShippingRate, tax: TaxRate | null): Totals {
  const subtotal = lines.reduce((sum, l) => sum + lineTotal(l), 0);
  const ship = shippingCost(subtotal, shipping);
  const taxAmount = tax
    ? applyRate(subtotal, tax.rateBp) + (tax.appliesToShipping ? applyRate(ship, tax.rateBp) : 0)
    : 0;
  return { subtotal, shipping: ship, tax: taxAmount, total: subtotal + ship + taxAmount };
}
