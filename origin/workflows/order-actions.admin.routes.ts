/**
 * The merchant's actions on an order that span contexts: cancel (workflows/cancel-order.ts) and
 * the manual moves of its fulfilment (workflows/transition-order.ts). Reading and listing
 * orders are the orders context's own routes.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { CancelBody, OrderIdParam, TransitionBody } from '../orders';
import type { OriginContext } from '../platform/context';
import { unwrap } from '../platform/errors';
import { adminErrors, jsonBody, jsonResponse, router } from '../platform/openapi';
import { cancelOrder } from './cancel-order';
import { transitionOrder } from './transition-order';

const tags = ['Orders'];
const security = [{ adminToken: [] }];

export function orderActionAdminRoutes(ctx: OriginContext) {
  return router()
    .openapi(
      createRoute({
        method: 'post',
        path: '/orders/{id}/cancel',
        tags,
        security,
        summary: 'Cancel an order and release its stock (idempotent)',
        request: {
          params: OrderIdParam,
          body: { content: { 'application/json': { schema: CancelBody } }, required: false },
        },
        responses: { 200: jsonResponse(z.any(), 'The cancelled order'), ...adminErrors },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const body = c.req.header('content-type')?.includes('json') ? c.req.valid('json') : { reason: undefined };
        return c.json(unwrap(await cancelOrder(ctx, id, body.reason ?? 'cancelled by merchant')), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/orders/{id}/transition',
        tags,
        security,
        summary: 'Move an order along its fulfilment steps by hand, or cancel it (shipping commits the reserved stock)',
        request: { params: OrderIdParam, ...jsonBody(TransitionBody) },
        responses: { 200: jsonResponse(z.any(), 'The order'), ...adminErrors },
      }),
      async (c) => {
        const { to, reason } = c.req.valid('json');
        return c.json(unwrap(await transitionOrder(ctx, c.req.valid('param').id, to, reason)), 200);
      },
    );
}
