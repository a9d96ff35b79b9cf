/**
 * The checkout contract between the edge and the origin: its wire shapes (zod schemas, the
 * types inferred from them) and paths.
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
import { z } from 'zod';
import { type Money, MoneySchema } from './catalog';

export const ORDER_STATUSES = [
  'pending_payment',
  'confirmed',
  'paid',
  'fulfilling',
  'shipped',
  'delivered',
  'completed',
  'cancelled',
  'refunded',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const PAYMENT_METHODS = ['card', 'cod'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export const ShippingAddressSchema = z
  .object({
    name: z.string(),
    line1: z.string(),
    line2: z.string().optional(),
    city: z.string(),
    postalCode: z.string(),
    /** ISO 3166-1 alpha-2, upper case. */
    country: z.string(),
  })
  .meta({ id: 'ShippingAddress' });
export type ShippingAddress = z.infer<typeof ShippingAddressSchema>;

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

export const OrderLineSchema = z
  .object({
    variantId: z.string(),
    productId: z.string(),
    sku: z.string(),
    title: z.string(),
    quantity: z.int().min(1),
    unitPrice: MoneySchema,
    lineTotal: MoneySchema,
  })
  .meta({ id: 'OrderLine' });
export type OrderLine = z.infer<typeof OrderLineSchema>;

export const OrderTotalsSchema = z
  .object({ subtotal: MoneySchema, shipping: MoneySchema, tax: MoneySchema, total: MoneySchema })
  .meta({ id: 'OrderTotals' });
export type OrderTotals = z.infer<typeof OrderTotalsSchema>;

/** `Order` of the shopper API (docs/api.md). */
export const OrderSchema = z
  .object({
    id: z.string(),
    status: z.enum(ORDER_STATUSES),
    email: z.string(),
    lines: z.array(OrderLineSchema),
    totals: OrderTotalsSchema,
    paymentMethod: z.enum(PAYMENT_METHODS),
    shippingAddress: ShippingAddressSchema,
    shippingMethodId: z.string(),
    createdAt: z.string(),
  })
  .meta({ id: 'Order' });
export type Order = z.infer<typeof OrderSchema>;

/**
 * A payment as its shopper sees it: `cash_on_delivery`, or for cards `processing` (the outcome
 * follows), `requires_action` (send the shopper to `nextAction.url`), `authorized`, `captured`,
 * `failed` (with `failureCode`; the order waits for another attempt until its payment deadline),
 * `cancelled`, or `pending` (the provider could not be reached: retry with the same
 * Idempotency-Key).
 */
export const PaymentViewSchema = z
  .object({
    id: z.string(),
    status: z.string(),
    nextAction: z.record(z.string(), z.unknown()).nullable(),
    failureCode: z.string().optional(),
  })
  .meta({ id: 'Payment' });
export type PaymentView = z.infer<typeof PaymentViewSchema>;

export const CheckoutResponseSchema = z
  .object({ order: OrderSchema, orderToken: z.string(), payment: PaymentViewSchema })
  .meta({ id: 'CheckoutResponse' });
export type CheckoutResponse = z.infer<typeof CheckoutResponseSchema>;

/** Where the order's payment stands, in the shopper's order view. */
export const OrderPaymentSchema = PaymentViewSchema.extend({
  /** 1 for the checkout's payment, then one more per attempt of the shopper. */
  attempt: z.int().min(1),
  /** Whether the shopper may pay again now, with which methods and until when; null when not. */
  retry: z.object({ methods: z.array(z.enum(PAYMENT_METHODS)), until: z.string() }).nullable(),
}).meta({ id: 'OrderPayment' });
export type OrderPayment = z.infer<typeof OrderPaymentSchema>;

/** `GET /internal/orders/:id` (and `GET /api/orders/:id`): the order with its payment. */
export const ShopperOrderSchema = OrderSchema.extend({ payment: OrderPaymentSchema.nullable() }).meta({
  id: 'ShopperOrder',
});
export type ShopperOrder = z.infer<typeof ShopperOrderSchema>;

/** The shopper's body of `POST /api/orders/:id/payment`: another card, or cash on delivery. */
export type PaymentRetryBody = { paymentMethod: 'card'; card: { token: string } } | { paymentMethod: 'cod' };

/** Body of `POST /internal/orders/:id/payment`: the shopper's body and their Idempotency-Key. */
export type PaymentRetryRequest = PaymentRetryBody & { idempotencyKey: string };

/** The answer to another payment attempt (201, also for a replay with the same key). */
export const PaymentRetryResponseSchema = z
  .object({ order: OrderSchema, payment: PaymentViewSchema })
  .meta({ id: 'PaymentRetryResponse' });
export type PaymentRetryResponse = z.infer<typeof PaymentRetryResponseSchema>;

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
