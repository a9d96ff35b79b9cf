import { createRoute, z } from '@hono/zod-openapi';
import type { OriginContext } from '../platform/context';
import { decodeCursor, encodeCursor } from '../platform/cursor';
import { unwrap } from '../platform/errors';
import { adminErrors, jsonBody, jsonResponse, router } from '../platform/openapi';
import { err, ok } from '../platform/result';
import { cancelOrder } from './cancel-order';
import { MANUAL_TARGETS, ORDER_STATUSES } from './order-state';
import { listOrders, loadOrder, orderHistoryOf } from './orders';
import { transitionOrder } from './transition-order';

const tags = ['Orders'];
const security = [{ adminToken: [] }];
const OrderIdParam = z.object({
  id: z
    .string()
    .regex(/^ord_[0-9A-Za-z]+$/)
    .openapi({ param: { name: 'id', in: 'path' } }),
});
const ListQuery = z
  .object({
    status: z.enum(ORDER_STATUSES as [string, ...string[]]).optional(),
    email: z.email().optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();
const TransitionBody = z
  .object({
    to: z.enum(MANUAL_TARGETS).openapi({
      description:
        'Fulfilment steps and cancelling only: confirmed, paid and refunded are set by the payment context when money moves',
    }),
    reason: z.string().min(1).max(500).default('changed by merchant'),
  })
  .strict()
  .openapi('OrderTransition');
const CancelBody = z
  .object({ reason: z.string().min(1).max(500).default('cancelled by merchant') })
  .strict()
  .openapi('CancelOrder');

export function orderAdminRoutes(ctx: OriginContext) {
  return router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/orders',
        tags,
        security,
        summary: 'List orders (newest first) by status, date range and email',
        request: { query: ListQuery },
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
    )
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
