/** `GET /admin/customers` and `GET /admin/customers/{id}`: the merchant's view of accounts (no secrets). */
import { createRoute, z } from '@hono/zod-openapi';
import type { AdminVariables } from '../members';
import type { OriginContext } from '../platform/context';
import { unwrap } from '../platform/errors';
import { adminErrors, jsonResponse, router } from '../platform/openapi';
import { customerWithOrderCount, listCustomers } from './customer-admin';
import { AdminCustomerSchema, CustomerIdParam, CustomerListQuery, CustomerSchema } from './customers.schemas';

const tags = ['Customers'];
const security = [{ adminToken: [] }];

export function customerAdminRoutes(ctx: OriginContext) {
  return router<AdminVariables>()
    .openapi(
      createRoute({
        method: 'get',
        path: '/customers',
        tags,
        security,
        summary: 'Customer accounts, newest first; `email` filters by a part of the address',
        request: { query: CustomerListQuery },
        responses: {
          200: jsonResponse(
            z.object({ items: z.array(CustomerSchema), nextCursor: z.string().nullable() }),
            'A page of customers',
          ),
          ...adminErrors,
        },
      }),
      async (c) => {
        const { email, cursor, limit } = c.req.valid('query');
        return c.json(await listCustomers(ctx.db, { email, afterId: cursor, limit }), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/customers/{id}',
        tags,
        security,
        summary: 'One customer account with its number of orders',
        request: { params: CustomerIdParam },
        responses: { 200: jsonResponse(AdminCustomerSchema, 'The customer'), ...adminErrors },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        return c.json(unwrap(await customerWithOrderCount(ctx, id)), 200);
      },
    );
}
