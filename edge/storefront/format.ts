/** Display helpers for the storefront pages. Money stays integer minor units until it is printed. */
import type { Money } from '../../contract/catalog';

const formatters = new Map<string, Intl.NumberFormat>();

function formatter(currency: string): Intl.NumberFormat {
  let f = formatters.get(currency);
  if (!f) {
    f = new Intl.NumberFormat('en', { style: 'currency', currency });
    formatters.set(currency, f);
  }
  return f;
}

/** `{ amount: 1999, currency: 'USD' }` → `$19.99` (the currency's own number of decimals). */
export function formatMoney(money: Money): string {
  const f = formatter(money.currency);
  const digits = f.resolvedOptions().maximumFractionDigits ?? 2;
  return f.format(money.amount / 10 ** digits);
}

/** `★★★★☆ 4.3 (12)`, or an invitation when nobody has reviewed the product yet. */
export function formatRating(rating: { average: number; count: number }): string {
  if (rating.count === 0) return 'No reviews yet';
  const full = Math.round(rating.average);
  return `${'★'.repeat(full)}${'☆'.repeat(5 - full)} ${rating.average.toFixed(1)} (${rating.count})`;
}

export function formatDate(iso: string): string {
  return new Date(iso).toLocaleDateString('en', { year: 'numeric', month: 'short', day: 'numeric' });
}

/** `Jan 1, 2030, 12:15 UTC`: for deadlines minutes away, where the time of day matters. */
export function formatDateTime(iso: string): string {
  return new Date(iso).toLocaleString('en', {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: 'UTC',
    timeZoneName: 'short',
  });
}

/** Human text for the error codes a page may be sent back with (`?error=`). */
export const ERROR_TEXT: Record<string, string> = {
  out_of_stock: 'Sorry, not enough of that is in stock.',
  variant_not_found: 'That item is no longer for sale.',
  quantity_limit_exceeded: 'That is more than one order may hold of one item.',
  invalid_quantity: 'Please choose a quantity of at least 1.',
  cart_converted: 'That cart has become an order; here is a fresh one.',
  cart_locked: 'This cart is being checked out right now.',
  cart_full: 'Your cart is full.',
  price_changed: 'Some prices changed since you added the items; please check the new total.',
  cart_empty: 'Your cart is empty.',
  payment_method_unavailable: 'That payment method is not available for this order.',
  shipping_unavailable: 'We cannot ship to that address yet.',
  invalid_request: 'Some of the details are missing or not valid.',
  payment_in_progress: 'Your payment is still being processed; please wait for its outcome.',
  payment_deadline_passed: 'The time to pay this order is over, so it has been cancelled.',
  order_cancelled: 'This order was cancelled; please place a new one.',
  order_not_awaiting_payment: 'This order needs no further payment.',
  idempotency_key_reused: 'That form was already used for another choice; please use the one below.',
  review_exists: 'You have reviewed that product already.',
  reviews_not_open: 'You can review once the order has arrived.',
  origin_unavailable: 'Something went wrong on our side. Please try again.',
  checkout_unavailable:
    'We could not confirm your order just now. Please submit again in a few seconds: you will not be charged twice.',
};
