/** Checkout and the payment methods a cart may use: definitions of the shopper API (see lib/api-spec.ts). */
import { createRoute, z } from '@hono/zod-openapi';
import { MoneySchema } from '../../contract/catalog';
import { CheckoutResponseSchema, PAYMENT_METHODS } from '../../contract/orders';
import {
  error,
  gatewayErrors,
  idParam,
  invalid,
  json,
  jsonBody,
  optionalShopper,
  tooLarge,
  unavailable,
} from '../lib/api-spec';
import { checkoutBodySchema, idempotencyKeyParameter } from './checkout-schema';

const tags = ['Checkout'];

export const checkoutRoute = createRoute({
  method: 'post',
  path: '/api/carts/{id}/checkout',
  tags,
  summary: 'Place the cart’s order (once per Idempotency-Key)',
  description:
    'The origin re-prices the lines and reserves stock in one transaction. The same key and body again answer ' +
    'the same order; the outcome of a lost answer is settled by retrying with the same key. Sets `Location` to the order.',
  security: optionalShopper,
  parameters: [idempotencyKeyParameter],
  request: { params: idParam, ...jsonBody(checkoutBodySchema) },
  responses: {
    201: json(CheckoutResponseSchema, 'The order, its token (keep it: it reads the order) and its payment'),
    400: error(
      'Malformed input or an empty cart',
      'invalid_request',
      'malformed_json',
      'idempotency_key_required',
      'cart_empty',
    ),
    404: error('No such cart or shipping method', 'cart_not_found', 'shipping_method_not_found'),
    409: error(
      'The order cannot be placed as seen',
      'out_of_stock',
      'price_changed',
      'cart_already_ordered',
      'cart_converted',
      'cart_locked',
    ),
    413: tooLarge,
    422: error(
      'Refused by the shop’s rules',
      'payment_method_unavailable',
      'shipping_unavailable',
      'idempotency_key_reused',
    ),
    ...gatewayErrors,
    503: error(
      'The order service did not answer in time, so the outcome is unknown: retry with the same ' +
        'Idempotency-Key after `Retry-After` seconds',
      'checkout_unavailable',
    ),
  },
});

export const PaymentMethodsSchema = z
  .object({ items: z.array(z.enum(PAYMENT_METHODS)), basis: z.object({ subtotal: MoneySchema }) })
  .meta({ id: 'PaymentMethods' });

export const paymentMethodsRoute = createRoute({
  method: 'get',
  path: '/api/carts/{id}/payment-methods',
  tags,
  summary: 'The payment methods offered for this cart shipped to `country` (guidance: checkout decides)',
  request: {
    params: idParam,
    query: z.strictObject({
      // A repeated parameter counts once (its first value), as it always has here.
      country: z.preprocess(
        (v) => (Array.isArray(v) ? v[0] : v),
        z
          .string()
          .trim()
          .toUpperCase()
          .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code'),
      ),
    }),
  },
  responses: {
    200: json(PaymentMethodsSchema, 'The methods, judged on the cart’s subtotal'),
    400: invalid,
    404: error('No such cart', 'cart_not_found'),
    ...gatewayErrors,
    502: unavailable,
  },
});
