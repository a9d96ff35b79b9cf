/**
 * `POST /api/orders/:id/payment`: the shopper pays an unpaid order again after a declined
 * payment, with another card or by cash on delivery, holding the order's token or its session
 * (anyone else gets the same 404 as for an order that does not exist). Validated here, then
 * relayed, signed, to the origin, which decides; its answers (201, 409 with a code, 422) reach
 * the shopper unchanged. The Idempotency-Key makes a resent request the same attempt.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { checkoutPaths } from '../../contract/orders';
import { validIdempotencyKey } from '../checkout/checkout-schema';
import { readConfig } from '../lib/config';
import type { AppEnv } from '../lib/context';
import { errorResponse } from '../lib/errors';
import { logger } from '../lib/log';
import { noStore } from '../lib/no-store';
import { validJson } from '../lib/validate';
import { orderCredential } from './order-credential';
import { callForOrder } from './order-origin';
import { paymentRetrySchema } from './payment-schema';

const MAX_PAYMENT_BODY_BYTES = 4 * 1024;
const JSON_HEADERS = { 'content-type': 'application/json; charset=UTF-8' };

function errorCodeOf(body: string): string | undefined {
  try {
    return (JSON.parse(body) as { error?: { code?: string } }).error?.code;
  } catch {
    return undefined;
  }
}

export const orderPaymentRoutes = new Hono<AppEnv>().post(
  '/api/orders/:id/payment',
  noStore,
  bodyLimit({ maxSize: MAX_PAYMENT_BODY_BYTES }),
  validIdempotencyKey('to pay an order'),
  validJson(paymentRetrySchema),
  async (c) => {
    const notFound = () => errorResponse(c, 'order_not_found', 'No such order');
    const who = await orderCredential(c);
    if (!who) return notFound();
    const requestId = c.get('requestId');
    const body = { idempotencyKey: c.req.valid('header').key, ...c.req.valid('json') };
    const path = checkoutPaths.orderPayment(who.orderId);
    const answer = await callForOrder(readConfig(c.env), 'POST', path, who.credential, requestId, body);
    if (answer.kind === 'unknown') {
      logger.error(answer.reason, { requestId });
      return errorResponse(
        c,
        'origin_unavailable',
        'The order service did not answer, so the outcome is unknown. Retry with the same Idempotency-Key: ' +
          'it returns the attempt if one was made and never makes a second one.',
      );
    }
    if (answer.status === 404 || errorCodeOf(answer.body) === 'order_not_found') return notFound();
    if (answer.status !== 201 && !errorCodeOf(answer.body)) {
      logger.error(`POST ${path} answered ${answer.status} without an error code`, { requestId });
      return errorResponse(c, 'origin_unavailable', 'The order service is temporarily unavailable; try again');
    }
    return c.body(answer.body, answer.status as 201, JSON_HEADERS);
  },
);
