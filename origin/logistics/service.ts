/** What other subsystems ask logistics (platform/rpc.ts): which carriers carried an order. */
import { z } from 'zod';
import { defineService, method } from '../platform/rpc';
import { carriersOfOrder } from './shipments';

export const logisticsService = defineService('logistics', {
  carriersOfOrder: method({
    input: z.object({ orderId: z.string().min(1).max(64) }),
    output: z.array(z.string()),
    run: (ctx, { orderId }) => carriersOfOrder(ctx.db, orderId),
  }),
});
