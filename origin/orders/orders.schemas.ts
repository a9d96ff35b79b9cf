/** Shapes of the orders admin API (validated at the boundary, published as OpenAPI). */
import { z } from '@hono/zod-openapi';
import { MANUAL_TARGETS, ORDER_STATUSES } from './order-state';

export const OrderIdParam = z.object({
  id: z
    .string()
    .regex(/^ord_[0-9A-Za-z]+$/)
    .openapi({ param: { name: 'id', in: 'path' } }),
});
export const OrderListQuery = z
  .object({
    status: z.enum(ORDER_STATUSES as [string, ...string[]]).optional(),
    email: z.email().optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();
export const TransitionBody = z
  .object({
    to: z.enum(MANUAL_TARGETS).openapi({
      description:
        'Fulfilment steps and cancelling only: confirmed, paid and refunded are set by the payment context when money moves',
    }),
    reason: z.string().min(1).max(500).default('changed by merchant'),
  })
  .strict()
  .openapi('OrderTransition');
export const CancelBody = z
  .object({ reason: z.string().min(1).max(500).default('cancelled by merchant') })
  .strict()
  .openapi('CancelOrder');
