import { createRoute, z } from '@hono/zod-openapi';
import type { OriginContext } from '../platform/context';
import { decodeCursor, encodeCursor } from '../platform/cursor';
import { unwrap } from '../platform/errors';
import { adminErrors, jsonResponse, router } from '../platform/openapi';
import { err, ok } from '../platform/result';
import { listOrders, loadOrder, orderHistoryOf } from './orders';
import { OrderIdParam, OrderListQuery } from './orders.schemas';

const tags = ['Orders'];
const security = [{ adminToken: [] }];
export function orderAdminRoutes(ctx: OriginContext) {
  return router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/orders',
        tags,
        security,
        summary: 'List orders (newest first) by status, date range and email',
        request: { query: OrderListQuery },
        responses: { 200: jsonResponse(z.any(), '{ items: Order[], nextCursor }'), ...adminErrors },
      }),
      async (c) => {
        const q = c.req.valid('query');
        const afterId = q.cursor ? decodeCursor(q.cursor, 'ord') : undefined;
        if (afterId === null) unwrap(err('invalid_cursor', 'The cursor is malformed'));
        const page = await listOrders(ctx.db, {
          status: q.status as never,
          email: q.email,
          from: q.from ? new Date(q.from) : undefined,
          to: q.to ? new Date(q.to) : undefined,
          afterId: afterId ?? undefined,
          limit: q.limit,
        });
        return c.json({ items: page.items, nextCursor: page.lastId ? encodeCursor(page.lastId) : null }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/orders/{id}',
        tags,
        security,
        summary: 'An order with its history',
        request: { params: OrderIdParam },
        responses: { 200: jsonResponse(z.any(), 'Order plus history'), ...adminErrors },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const order = await loadOrder(ctx.db, id);
        unwrap(order ? ok(order) : err('order_not_found', `No order ${id}`));
        return c.json({ ...order, history: await orderHistoryOf(ctx.db, id) }, 200);
      },
    );
}
