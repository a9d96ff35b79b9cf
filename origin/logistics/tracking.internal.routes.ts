/** `GET /internal/orders/:id/tracking` for the edge (signed; the app applies `requireEdgeSignature`). */
import { createRoute, z } from '@hono/zod-openapi';
import { mayReadOrder } from '../customers';
import type { OriginContext } from '../platform/context';
import { unwrap } from '../platform/errors';
import { jsonResponse, router } from '../platform/openapi';
import { err, ok } from '../platform/result';
import { OrderTrackingSchema } from './logistics.schemas';
import { orderTracking } from './order-shipments';

export function trackingInternalRoutes(ctx: OriginContext) {
  return router().openapi(
    createRoute({
      method: 'get',
      path: '/orders/{id}/tracking',
      tags: ['Internal (edge only)'],
      security: [{ edgeSignature: [] }],
      summary:
        'An order’s parcels and their tracking events, for the holder of its order token (x-order-token) or its customer (x-customer-token)',
      request: { params: z.object({ id: z.string().min(1).max(64) }) },
      responses: { 200: jsonResponse(OrderTrackingSchema, 'OrderTracking') },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      // Missing, foreign or expired token, or no such order: the same 404, revealing nothing.
      const allowed = await mayReadOrder(ctx, id, c.req.header());
      const tracking = allowed ? await orderTracking(ctx.db, id) : null;
      return c.json(unwrap(tracking ? ok(tracking) : err('order_not_found', 'No such order')), 200);
    },
  );
}
