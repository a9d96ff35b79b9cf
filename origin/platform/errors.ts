import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Err, Result } from './result';

/** HTTP status for each error code the origin answers with. Unlisted codes are 400. */
const STATUS: Record<string, ContentfulStatusCode> = {
  invalid_request: 400,
  invalid_json: 400,
  invalid_cursor: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  product_not_found: 404,
  variant_not_found: 404,
  category_not_found: 404,
  inventory_not_found: 404,
  slug_taken: 409,
  sku_taken: 409,
  stock_below_reserved: 409,
  category_cycle: 409,
  order_not_found: 404,
  shipping_method_not_found: 404,
  shipping_zone_not_found: 404,
  tax_rate_not_found: 404,
  out_of_stock: 409,
  price_changed: 409,
  cart_already_ordered: 409,
  invalid_transition: 409,
  idempotency_key_reused: 422,
  shipping_unavailable: 422,
  dead_letter_not_found: 404,
  payload_too_large: 413,
  payment_not_found: 404,
  refund_not_found: 404,
  shipment_not_found: 404,
  card_token_required: 400,
  payment_method_unavailable: 422,
  order_cancelled: 409,
  order_not_awaiting_payment: 409,
  payment_deadline_passed: 409,
  payment_in_progress: 409,
  refund_exceeds_captured: 422,
  nothing_to_refund: 409,
  payment_not_capturable: 409,
  invalid_signature: 401,
  stale_webhook: 400,
  webhook_replayed: 409,
  unknown_provider: 404,
  unknown_carrier: 404,
  order_not_shippable: 409,
  payment_not_authorized: 409,
  quantity_exceeds_unshipped: 422,
  shipment_not_cancellable: 409,
  order_partially_shipped: 409,
  provider_unavailable: 502,
  overloaded: 503,
  service_unavailable: 503,
  carrier_unavailable: 502,
  invalid_credentials: 401,
  permission_not_held: 403,
  staff_not_found: 404,
  api_key_not_found: 404,
  email_taken: 409,
  last_owner: 409,
  own_password: 409,
  too_many_attempts: 429,
  rate_limited: 429,
  busy: 503,
  unauthenticated: 401,
  invalid_refresh_token: 401,
  invalid_token: 400,
  email_not_verified: 403,
  customer_not_found: 404,
  not_a_session: 400,
  reviews_not_open: 409,
  product_not_in_order: 422,
  review_exists: 409,
  review_not_found: 404,
  conversation_not_found: 404,
  conversation_full: 409,
  not_a_staff_member: 409,
  edge_unavailable: 502,
  consumer_failed: 500,
  internal_error: 500,
};

export function statusFor(code: string): ContentfulStatusCode {
  return STATUS[code] ?? 400;
}

/** Thrown by routes to answer with a coded error; the app's `onError` renders it. */
export class HttpError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: ContentfulStatusCode = statusFor(code),
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export function errorBody(code: string, message: string, details?: Record<string, unknown>) {
  return { error: { code, message, ...details } };
}

export function respondError(c: Context, e: Err) {
  return c.json(errorBody(e.code, e.message, e.details), statusFor(e.code));
}

/** Returns the value of a successful result or throws the coded error for `onError` to render. */
export function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  throw new HttpError(result.code, result.message, statusFor(result.code), result.details);
}
