import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../lib/context';
import { ApiError } from '../lib/errors';
import { IDEMPOTENCY_KEY, IDEMPOTENCY_KEY_HEADER } from './checkout-schema';

/**
 * Route middleware for `Idempotency-Key`, before the route's validators: missing (or empty) → 400 `idempotency_key_required`,
 * present but malformed → 400 `invalid_request`.
 */
export function requireIdempotencyKey(purpose = 'to check out'): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = c.req.header(IDEMPOTENCY_KEY_HEADER);
    if (!key) {
      throw new ApiError('idempotency_key_required', `Send an Idempotency-Key header ${purpose}`);
    }
    if (!IDEMPOTENCY_KEY.test(key)) {
      throw new ApiError('invalid_request', 'Idempotency-Key must be 1 to 255 visible ASCII characters');
    }
    await next();
  };
}
