import { bodyLimit } from 'hono/body-limit';
import type { ErrorBody } from '../../contract/errors';
import type { CheckoutResponse } from '../../contract/orders';
import { cartStub } from '../cart/cart-stub';
import { readConfig } from '../lib/config';
import { errorResponse } from '../lib/errors';
import { noStore } from '../lib/no-store';
import { jsonText, requireJson, router } from '../lib/openapi';
import { viewerOf } from '../lib/session';
import { checkoutRoute } from './checkout.api';
import { CHECKOUT_RETRY_AFTER_SECONDS } from './checkout-origin';
import { IDEMPOTENCY_KEY_HEADER } from './checkout-schema';
import { requireIdempotencyKey } from './idempotency-key';
import { placeOrder } from './place-order';

const MAX_CHECKOUT_BODY_BYTES = 16 * 1024;

/**
 * `POST /api/carts/:id/checkout` (checkout.api.ts): validates, then runs the checkout workflow.
 * The origin's answers (201 and its business refusals) reach the shopper unchanged.
 */
export const checkoutRoutes = router().openapi(
  {
    ...checkoutRoute,
    middleware: [noStore, bodyLimit({ maxSize: MAX_CHECKOUT_BODY_BYTES }), requireIdempotencyKey(), requireJson],
  },
  async (c) => {
    const key = c.req.header(IDEMPOTENCY_KEY_HEADER) as string; // checked by requireIdempotencyKey
    const config = readConfig(c.env);
    const viewer = await viewerOf(c);
    const deps = { cart: cartStub(c, c.req.valid('param').id), origin: config, requestId: c.get('requestId'), viewer };
    const result = await placeOrder(deps, key, c.req.valid('json'));
    switch (result.kind) {
      case 'placed':
        c.header('location', `/api/orders/${encodeURIComponent(result.orderId)}`);
        return jsonText<CheckoutResponse, 201>(c, result.body, 201);
      case 'refused':
        return jsonText<ErrorBody, typeof result.status>(c, result.body, result.status);
      case 'cart_refused':
        return errorResponse(c, result.error.code, result.error.message);
      case 'unknown':
        return errorResponse(
          c,
          'checkout_unavailable',
          'The order service did not answer, so the outcome is unknown. Retry with the same Idempotency-Key: ' +
            'it returns the order if one was placed and never places a second one.',
          { 'retry-after': String(CHECKOUT_RETRY_AFTER_SECONDS) },
        );
    }
  },
);
