import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cartStub } from '../cart/cart-stub';
import { readConfig } from '../lib/config';
import type { AppEnv } from '../lib/context';
import { errorResponse } from '../lib/errors';
import { noStore } from '../lib/no-store';
import { validJson } from '../lib/validate';
import { viewerOf } from '../members/session';
import { checkoutBodySchema, validIdempotencyKey } from './checkout-schema';
import { placeOrder } from './place-order';

const MAX_CHECKOUT_BODY_BYTES = 16 * 1024;

const JSON_HEADERS = { 'content-type': 'application/json; charset=UTF-8' };

/**
 * `POST /api/carts/:id/checkout` of the shopper API (docs/api.md): validates, then runs the checkout workflow. The
 * origin's answers (201 and its business refusals) reach the shopper unchanged.
 */
export const checkoutRoutes = new Hono<AppEnv>().post(
  '/api/carts/:id/checkout',
  noStore,
  bodyLimit({ maxSize: MAX_CHECKOUT_BODY_BYTES }),
  validIdempotencyKey(),
  validJson(checkoutBodySchema),
  async (c) => {
    const { key } = c.req.valid('header');
    const config = readConfig(c.env);
    const viewer = await viewerOf(c);
    const deps = { cart: cartStub(c, c.req.param('id')), origin: config, requestId: c.get('requestId'), viewer };
    const result = await placeOrder(deps, key, c.req.valid('json'));
    switch (result.kind) {
      case 'placed':
        c.header('location', `/api/orders/${encodeURIComponent(result.orderId)}`);
        return c.body(result.body, 201, JSON_HEADERS);
      case 'refused':
        return c.body(result.body, result.status, JSON_HEADERS);
      case 'cart_refused':
        return errorResponse(c, result.error.code, result.error.message);
      case 'unknown':
        return errorResponse(
          c,
          'origin_unavailable',
          'The order service did not answer, so the outcome is unknown. Retry with the same Idempotency-Key: ' +
            'it returns the order if one was placed and never places a second one.',
        );
    }
  },
);
