/** Orders as their shopper sees them: definitions of the shopper API (see lib/api-spec.ts). */
import { createRoute } from '@hono/zod-openapi';
import { PaymentRetryResponseSchema, ShopperOrderSchema } from '../../contract/orders';
import { OrderTrackingSchema } from '../../contract/tracking';
import { idempotencyKeyParameter } from '../checkout/checkout-schema';
import { error, gatewayErrors, idParam, json, jsonBody, orderSecurity, tooLarge, unavailable } from '../lib/api-spec';
import { paymentRetrySchema } from './payment-schema';

const tags = ['Orders'];
const notFound = error('No such order, or not the caller’s: the two are not told apart', 'order_not_found');

export const orderRoute = createRoute({
  method: 'get',
  path: '/api/orders/{id}',
  tags,
  summary: 'The order with its payment (order token or the owner’s session)',
  security: orderSecurity,
  request: { params: idParam },
  responses: { 200: json(ShopperOrderSchema, 'The order'), 404: notFound, ...gatewayErrors, 502: unavailable },
});

export const trackingRoute = createRoute({
  method: 'get',
  path: '/api/orders/{id}/tracking',
  tags,
  summary: 'Where the order’s parcels are',
  security: orderSecurity,
  request: { params: idParam },
  responses: { 200: json(OrderTrackingSchema, 'The tracking'), 404: notFound, ...gatewayErrors, 502: unavailable },
});

export const payAgainRoute = createRoute({
  method: 'post',
  path: '/api/orders/{id}/payment',
  tags,
  summary: 'Pay an unpaid order again after a declined payment (another card, or cash on delivery)',
  security: orderSecurity,
  parameters: [idempotencyKeyParameter],
  request: { params: idParam, ...jsonBody(paymentRetrySchema) },
  responses: {
    201: json(PaymentRetryResponseSchema, 'The new attempt (also for a replay with the same key and body)'),
    400: error('Malformed input', 'invalid_request', 'malformed_json', 'idempotency_key_required'),
    404: notFound,
    409: error(
      'The order cannot be paid now',
      'order_cancelled',
      'order_not_awaiting_payment',
      'payment_deadline_passed',
      'payment_in_progress',
    ),
    413: tooLarge,
    422: error('Refused by the shop’s rules', 'payment_method_unavailable', 'idempotency_key_reused'),
    ...gatewayErrors,
    502: error('The outcome is unknown: retry with the same Idempotency-Key', 'origin_unavailable'),
  },
});
