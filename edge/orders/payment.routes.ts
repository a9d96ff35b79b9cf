/**
 * `POST /api/orders/:id/payment`: the shopper pays an unpaid order again after a declined
 * payment, with another card or by cash on delivery, holding the order's token or its session
 * (anyone else gets the same 404 as for an order that does not exist). Validated here, then
 * relayed, signed, to the origin, which decides; its answers (201, 409 with a code, 422) reach
 * the shopper unchanged. The Idempotency-Key makes a resent request the same attempt.
 */
import { bodyLimit } from 'hono/body-limit';
import type { ErrorBody } from '../../contract/errors';
import { checkoutPaths, type PaymentRetryResponse } from '../../contract/orders';
import { IDEMPOTENCY_KEY_HEADER } from '../checkout/checkout-schema';
import { requireIdempotencyKey } from '../checkout/idempotency-key';
import { readConfig } from '../lib/config';
import { errorResponse } from '../lib/errors';
import { logger } from '../lib/log';
import { noStore } from '../lib/no-store';
import { jsonText, requireJson, router } from '../lib/openapi';
import { orderCredential } from './order-credential';
import { callForOrder } from './order-origin';
import { payAgainRoute } from './orders.api';

const MAX_PAYMENT_BODY_BYTES = 4 * 1024;

function errorCodeOf(body: string): string | undefined {
  try {
    return (JSON.parse(body) as { error?: { code?: string } }).error?.code;
  } catch {
    return undefined;
  }
}

export const orderPaymentRoutes = router().openapi(
  {
    ...payAgainRoute,
    middleware: [
      noStore,
      bodyLimit({ maxSize: MAX_PAYMENT_BODY_BYTES }),
      requireIdempotencyKey('to pay an order'),
      requireJson,
    ],
  },
  async (c) => {
    const notFound = () => errorResponse(c, 'order_not_found', 'No such order');
    const who = await orderCredential(c);
    if (!who) return notFound();
    const requestId = c.get('requestId');
    const key = c.req.header(IDEMPOTENCY_KEY_HEADER) as string; // checked by requireIdempotencyKey
    const body = { idempotencyKey: key, ...c.req.valid('json') };
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
    if (answer.status === 201) return jsonText<PaymentRetryResponse, 201>(c, answer.body, 201);
    // The origin's business refusals (409, 422, 400), as it gave them.
    return jsonText<ErrorBody, 400 | 409 | 422>(c, answer.body, answer.status as 400 | 409 | 422);
  },
);
