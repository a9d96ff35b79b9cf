/**
 * The checkout contract between the edge and the origin. The edge imports this file for its
 * types only (and the pure `checkoutPaths`).
 *
 * `POST /internal/checkout` (signed by the edge) places the order for a cart:
 *   201 CheckoutResponse — also for a retry with the same key and body (the stored response);
 *   409 out_of_stock { variantIds } — nothing reserved;
 *   409 price_changed { totals, lines } — what the shopper would pay now;
 *   409 cart_already_ordered — the cart has an order under another key;
 *   422 payment_method_unavailable { offered } — the method is not offered for this order;
 *   422 idempotency_key_reused — same key, different body;
 *   400 invalid_request / 422 shipping_unavailable / 404 shipping_method_not_found.
 * `GET /internal/orders/:id` (signed) with header `x-order-token: <orderToken>` → 200
 * ShopperOrder, or 404 order_not_found for a missing, foreign or expired token (never revealing
 * existence).
 * `POST /internal/orders/:id/payment` (signed, same credentials) PaymentRetryRequest: another
 * attempt to pay an unpaid order after a declined one:
 *   201 PaymentRetryResponse — also for a retry with the same key and body;
 *   409 order_cancelled / order_not_awaiting_payment / payment_deadline_passed /
 *       payment_in_progress { paymentStatus } — no attempt made;
 *   422 payment_method_unavailable { offered } / idempotency_key_reused; 404 order_not_found.
 */
import type { Money } from './catalog';

export type OrderStatus =
  | 'pending_payment'
  | 'confirmed'
  | 'paid'
  | 'fulfilling'
  | 'shipped'
  | 'delivered'
  | 'completed'
  | 'cancelled'
  | 'refunded';

export type PaymentMethod = 'card' | 'cod';

export interface ShippingAddress {
  name: string;
  line1: string;
  line2?: string;
  city: string;
  postalCode: string;
  /** ISO 3166-1 alpha-2, upper case. */
  country: string;
}

/** The checkout body of the shopper API (docs/api.md). */
export interface CheckoutBody {
  email: string;
  shippingAddress: ShippingAddress;
  shippingMethodId?: string;
  paymentMethod: PaymentMethod;
  card?: { token: string };
}

/** A cart line as the shopper saw it (the origin re-prices and compares). */
export interface CheckoutLine {
  variantId: string;
  quantity: number;
  unitPrice: Money;
}

/** Body of `POST /internal/checkout`. */
export interface CheckoutRequest extends CheckoutBody {
  cartId: string;
  idempotencyKey: string;
  lines: CheckoutLine[];
  /** The signed-in customer whose cart this is; absent for a guest checkout. */
  customerId?: string;
}

export interface OrderLine {
  variantId: string;
  productId: string;
  sku: string;
  title: string;
  quantity: number;
  unitPrice: Money;
  lineTotal: Money;
}

export interface OrderTotals {
  subtotal: Money;
  shipping: Money;
  tax: Money;
  total: Money;
}

/** `Order` of the shopper API (docs/api.md). */
export interface Order {
  id: string;
  status: OrderStatus;
  email: string;
  lines: OrderLine[];
  totals: OrderTotals;
  paymentMethod: PaymentMethod;
  shippingAddress: ShippingAddress;
  shippingMethodId: string;
  createdAt: string;
}

/**
 * A payment as its shopper sees it: `cash_on_delivery`, or for cards `processing` (the outcome
 * follows), `requires_action` (send the shopper to `nextAction.url`), `authorized`, `captured`,
 * `failed` (with `failureCode`; the order waits for another attempt until its payment deadline),
 * `cancelled`, or `pending` (the provider could not be reached: retry with the same
 * Idempotency-Key).
 */
export interface PaymentView {
  id: string;
  status: string;
  nextAction: Record<string, unknown> | null;
  failureCode?: string;
}

export interface CheckoutResponse {
  order: Order;
  orderToken: string;
  payment: PaymentView;
}

/** Where the order's payment stands, in the shopper's order view. */
export interface OrderPayment extends PaymentView {
  /** 1 for the checkout's payment, then one more per attempt of the shopper. */
  attempt: number;
  /** Whether the shopper may pay again now, with which methods and until when; null when not. */
  retry: { methods: PaymentMethod[]; until: string } | null;
}

/** `GET /internal/orders/:id` (and `GET /api/orders/:id`): the order with its payment. */
export interface ShopperOrder extends Order {
  payment: OrderPayment | null;
}

/** The shopper's body of `POST /api/orders/:id/payment`: another card, or cash on delivery. */
export type PaymentRetryBody = { paymentMethod: 'card'; card: { token: string } } | { paymentMethod: 'cod' };

/** Body of `POST /internal/orders/:id/payment`: the shopper's body and their Idempotency-Key. */
export type PaymentRetryRequest = PaymentRetryBody & { idempotencyKey: string };

/** The answer to another payment attempt (201, also for a replay with the same key). */
export interface PaymentRetryResponse {
  order: Order;
  payment: PaymentView;
}

export const checkoutPaths = {
  checkout: '/internal/checkout',
  order: (id: string) => `/internal/orders/${encodeURIComponent(id)}`,
  orderPayment: (id: string) => `/internal/orders/${encodeURIComponent(id)}/payment`,
  orderTokenHeader: 'x-order-token',
  /** The storefront's order page (the shopper's order link), relative to the shop's URL. */
  orderPage: (id: string, token: string) => `/orders/${encodeURIComponent(id)}?token=${encodeURIComponent(token)}`,
} as const;

/**
 * A payment's life. Card: pending (written with the order) → requires_action / processing →
 * authorized → captured, or failed / cancelled. Cash on delivery: pending_collection →
 * captured when the carrier reports delivery.
 */
export const PAYMENT_STATUSES = [
  'pending',
  'requires_action',
  'processing',
  'authorized',
  'captured',
  'failed',
  'cancelled',
  'pending_collection',
] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];
