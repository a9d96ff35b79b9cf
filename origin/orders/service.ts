/**
 * What other subsystems ask the orders context, in-process or over signed HTTP
 * (platform/rpc.ts): a customer's orders (claim, list, own, count) and one order as it stands.
 */
import { z } from 'zod';
import { OrderSchema } from '../../contract/orders';
import { defineService, method } from '../platform/rpc';
import { claimOrdersByEmail, countCustomerOrders, isCustomersOrder, ordersOfCustomer } from './customer-orders';
import { loadOrder } from './orders';

const id = z.string().min(1).max(64);

export const ordersService = defineService('orders', {
  claimByEmail: method({
    input: z.object({ customerId: id, email: z.string().max(254) }),
    output: z.array(z.string()),
    run: (ctx, { customerId, email }) => claimOrdersByEmail(ctx.db, customerId, email),
  }),
  ofCustomer: method({
    input: z.object({ customerId: id, afterId: id.optional(), limit: z.number().int().min(1).max(100) }),
    output: z.object({ items: z.array(OrderSchema), lastId: z.string().nullable() }),
    run: (ctx, { customerId, afterId, limit }) => ordersOfCustomer(ctx.db, customerId, afterId, limit),
  }),
  isCustomers: method({
    input: z.object({ customerId: id, orderId: id }),
    output: z.boolean(),
    run: (ctx, { customerId, orderId }) => isCustomersOrder(ctx.db, customerId, orderId),
  }),
  countOfCustomer: method({
    input: z.object({ customerId: id }),
    output: z.number().int(),
    run: (ctx, { customerId }) => countCustomerOrders(ctx.db, customerId),
  }),
  /** The order as it stands (status, lines), or null. */
  get: method({
    input: z.object({ orderId: id }),
    output: OrderSchema.nullable(),
    run: (ctx, { orderId }) => loadOrder(ctx.db, orderId),
  }),
});
