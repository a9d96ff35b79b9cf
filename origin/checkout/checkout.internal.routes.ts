/**
 * Checkout and guest order reads, called by the edge (signed; `requireEdgeSignature` is
 * applied by the app). See contract.ts for the answers.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { OriginContext } from '../context';
import { loadOrder } from '../orders/orders';
import { unwrap } from '../platform/errors';
import { jsonBody, jsonResponse, router } from '../platform/openapi';
import { err, ok } from '../platform/result';
import { CheckoutRequestSchema } from './checkout.schemas';
import { mayReadOrder } from './order-access';
import { placeOrder } from './place-order';

const tags = ['Internal (edge only)'];
const security = [{ edgeSignature: [] }];

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
        summary: 'An order, for the holder of its order token (x-order-token) or its customer (x-customer-token)',
        request: { params: z.object({ id: z.string().min(1).max(64) }) },
        responses: { 200: jsonResponse(z.any(), 'Order') },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const allowed = await mayReadOrder(ctx, id, c.req.header());
        const order = allowed ? await loadOrder(ctx.db, id) : null;
        return c.json(unwrap(order ? ok(order) : err('order_not_found', 'No such order')), 200);
      },
    );
}
