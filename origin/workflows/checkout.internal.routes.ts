/**
 * Checkout, the shopper's order reads and their further payment attempts, called by the edge
 * (signed; `requireEdgeSignature` is applied by the app). See contract.ts for the answers.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { CheckoutRequestSchema, PaymentRetryRequestSchema, PaymentRetryResponseSchema } from '../checkout';
import { mayReadOrder } from '../customers';
import type { OriginContext } from '../platform/context';
import { unwrap } from '../platform/errors';
import { jsonBody, jsonResponse, router } from '../platform/openapi';
import { err, ok } from '../platform/result';
import { ErrorSchema } from '../platform/schemas';
import { placeOrder } from './place-order';
import { retryPayment } from './retry-payment';
import { shopperOrder } from './shopper-order';

const tags = ['Internal (edge only)'];
const security = [{ edgeSignature: [] }];
const OrderParam = z.object({ id: z.string().min(1).max(64) });
const who = 'for the holder of its order token (x-order-token) or its customer (x-customer-token)';

export function checkoutInternalRoutes(ctx: OriginContext) {
  return router()
    .openapi(
      createRoute({
        method: 'post',
        path: '/checkout',
        tags,
        security,
        summary: 'Place the order for a cart (idempotent per cart and key)',
        request: jsonBody(CheckoutRequestSchema),
        responses: { 201: jsonResponse(z.any(), 'CheckoutResponse (also for a replay)') },
      }),
      async (c) => {
        const outcome = unwrap(await placeOrder(ctx, c.req.valid('json')));
        return c.json(outcome.body, outcome.status as 201);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/orders/{id}',
        tags,
        security,
        summary: `An order with where its payment stands (ShopperOrder), ${who}`,
        request: { params: OrderParam },
        responses: { 200: jsonResponse(z.any(), 'ShopperOrder: Order plus payment { status, attempt, retry }') },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const allowed = await mayReadOrder(ctx, id, c.req.header());
        const order = allowed ? await shopperOrder(ctx, id) : null;
        return c.json(unwrap(order ? ok(order) : err('order_not_found', 'No such order')), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/orders/{id}/payment',
        tags,
        security,
        summary: `Pay an unpaid order again after a declined payment: another card or cash on delivery, ${who}`,
        description:
          'Idempotent per order and idempotencyKey. Allowed while the order is pending_payment, within its payment ' +
          'deadline, and its current attempt failed or was cancelled; cash on delivery where the method rules offer ' +
          'it for the order (it is then confirmed as a COD order). One live attempt per order: one charge at most.',
        request: { params: OrderParam, ...jsonBody(PaymentRetryRequestSchema) },
        responses: {
          201: jsonResponse(PaymentRetryResponseSchema, 'The new attempt (also for a replay of the same key)'),
          404: jsonResponse(ErrorSchema, 'order_not_found: no such order, or not the caller’s'),
          409: jsonResponse(
            ErrorSchema,
            'order_cancelled, order_not_awaiting_payment, payment_deadline_passed or payment_in_progress',
          ),
          422: jsonResponse(ErrorSchema, 'payment_method_unavailable { offered } or idempotency_key_reused'),
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        if (!(await mayReadOrder(ctx, id, c.req.header()))) unwrap(err('order_not_found', 'No such order'));
        const outcome = unwrap(await retryPayment(ctx, id, c.req.valid('json')));
        return c.json(outcome.body, 201);
      },
    );
}
