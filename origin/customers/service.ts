/**
 * What other subsystems ask the customers context (platform/rpc.ts): whether a signed-in
 * shopper's session may read an order (theirs), and whether held sessions are still alive.
 */
import { z } from 'zod';
import { defineService, method } from '../platform/rpc';
import { customerOwnsOrder } from './session-orders';
import { customerSessionsAlive } from './session-status';

export const customersService = defineService('customers', {
  sessionOwnsOrder: method({
    input: z.object({ customerToken: z.string().max(2000), orderId: z.string().min(1).max(64) }),
    output: z.boolean(),
    run: (ctx, { customerToken, orderId }) => customerOwnsOrder(ctx, customerToken, orderId),
  }),
  sessionsAlive: method({
    input: z.object({
      sessions: z.array(z.object({ customerId: z.string().max(64), sessionId: z.string().max(64) })).max(100),
    }),
    output: z.array(z.boolean()),
    run: (ctx, { sessions }) => customerSessionsAlive(ctx, sessions),
  }),
});
