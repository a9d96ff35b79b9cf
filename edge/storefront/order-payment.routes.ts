/**
 * `POST /orders/:id/payment?token=…`: the order page's forms to pay again after a declined
 * payment (another card, or cash on delivery), under the same rules as the checkout form: from
 * this site only, one attempt per form however often it is sent (its own Idempotency-Key), and
 * Post/Redirect/Get: to the card's 3-D Secure page when it asks for one, else back to the order
 * page, with the origin's refusal as `?error=`.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { checkoutPaths, type PaymentRetryResponse } from '../../contract/orders';
import { isIdempotencyKey } from '../checkout/checkout-schema';
import type { AppEnv } from '../lib/context';
import { ApiError } from '../lib/errors';
import { paymentRetrySchema } from '../orders/payment-schema';
import { form, MAX_FORM_BYTES, ORDER_ID, see, TOKEN } from './form-posts';
import { orderCall } from './order-calls';

export const orderPaymentPageRoutes = new Hono<AppEnv>().post(
  '/orders/:id/payment',
  bodyLimit({ maxSize: MAX_FORM_BYTES }),
  async (c) => {
    const fields = await form(c);
    const id = c.req.param('id');
    const token = c.req.query('token') ?? '';
    if (!ORDER_ID.test(id) || !TOKEN.test(token)) throw new ApiError('order_not_found', 'No such order');
    const back = checkoutPaths.orderPage(id, token);
    const body = paymentRetrySchema.safeParse(
      fields.paymentMethod === 'card'
        ? { paymentMethod: 'card', card: { token: fields.cardToken } }
        : { paymentMethod: fields.paymentMethod },
    );
    if (!isIdempotencyKey(fields.key) || !body.success) return see(c, `${back}&error=invalid_request`);
    const answer = await orderCall<PaymentRetryResponse>(
      c,
      'POST',
      checkoutPaths.orderPayment(id),
      { kind: 'order_token', token },
      { idempotencyKey: fields.key, ...body.data },
    );
    if (answer.status === 404) throw new ApiError('order_not_found', 'No such order');
    if (answer.status !== 201 || !answer.body)
      return see(c, `${back}&error=${encodeURIComponent(answer.code ?? 'origin_unavailable')}`);
    const next = answer.body.payment.nextAction?.url;
    return see(c, typeof next === 'string' && /^https?:\/\//.test(next) ? next : `${back}&paid=1`);
  },
);
