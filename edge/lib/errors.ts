import type { ErrorHandler, NotFoundHandler, TypedResponse } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppContext, AppEnv } from './context';
import { errorFields, logger } from './log';
import { OriginRejectedError, OriginUnavailableError } from './origin-client';

/** Every machine-readable error code the edge emits, with its HTTP status. */
export const errorStatus = {
  invalid_request: 400,
  malformed_json: 400,
  invalid_quantity: 400,
  quantity_limit_exceeded: 400,
  cart_empty: 400,
  idempotency_key_required: 400,
  unauthorized: 401,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  product_not_found: 404,
  cart_not_found: 404,
  variant_not_found: 404,
  line_not_found: 404,
  order_not_found: 404,
  conversation_not_found: 404,
  invalid_ticket: 401,
  upgrade_required: 426,
  conversation_full: 409,
  out_of_stock: 409,
  cart_converted: 409,
  cart_locked: 409,
  cart_full: 409,
  currency_mismatch: 409,
  payload_too_large: 413,
  rate_limited: 429,
  internal_error: 500,
  origin_unavailable: 502,
  checkout_unavailable: 503,
} as const satisfies Record<string, ContentfulStatusCode>;

export type ErrorCode = keyof typeof errorStatus;

/** An expected failure that a route wants turned into a `{ error }` response by `onError`. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Extra response headers, e.g. `Retry-After` on `rate_limited`. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Builds the contract's error response: `{ error: { code, message } }` with the code's status. */
export function errorResponse<C extends ErrorCode>(
  c: AppContext,
  code: C,
  message: string,
  headers: Record<string, string> = {},
): ErrorResponse<C> {
  // Typed by its code's status, so a route's documented answers must include it.
  return c.json({ error: { code, message } }, errorStatus[code], headers) as unknown as ErrorResponse<C>;
}

/** One typed answer per code (a union of codes is a union of answers, each with its status). */
export type ErrorResponse<C extends ErrorCode> = C extends ErrorCode
  ? Response & TypedResponse<{ error: { code: C; message: string } }, (typeof errorStatus)[C], 'json'>
  : never;

export const notFoundHandler: NotFoundHandler<AppEnv> = (c) =>
  errorResponse(c, 'not_found', `No route for ${c.req.method} ${new URL(c.req.url).pathname}`);

/**
 * The single error mapper. Hono's own HTTPExceptions are client errors here (the JSON
 * validator raises one for an unparsable body), so they keep their 4xx status; anything
 * else is a bug or an outage and is logged with the request id.
 */
export const errorHandler: ErrorHandler<AppEnv> = (err, c) => {
  if (err instanceof ApiError) return errorResponse(c, err.code, err.message, err.headers);
  if (err instanceof HTTPException && err.status < 500) {
    if (err.status === 400) return errorResponse(c, 'malformed_json', err.message || 'Malformed JSON in request body');
    if (err.status === 413) return errorResponse(c, 'payload_too_large', err.message || 'Request body too large');
    return errorResponse(c, 'invalid_request', err.message || 'Invalid request');
  }
  if (err instanceof OriginRejectedError) return errorResponse(c, 'invalid_request', err.detail);
  if (err instanceof OriginUnavailableError) {
    logger.error(err.message, { requestId: c.get('requestId') });
    return errorResponse(c, 'origin_unavailable', 'The shop is temporarily unavailable; try again shortly');
  }
  logger.error('unhandled error', { requestId: c.get('requestId'), ...errorFields(err) });
  return errorResponse(c, 'internal_error', 'Internal error');
};
