/** `GET /admin/customers` and `GET /admin/customers/{id}`: the merchant's view of accounts (no secrets). */
import { createRoute, z } from '@hono/zod-openapi';
import { and, count, desc, eq, ilike, lt } from 'drizzle-orm';
import { customers } from '../../db/schema/customers';
import { orders } from '../../db/schema/orders';
import type { AdminVariables } from '../members/authorize';
import type { OriginContext } from '../platform/context';
import { unwrap } from '../platform/errors';
import { adminErrors, jsonResponse, router } from '../platform/openapi';
import { err, ok } from '../platform/result';
import { toCustomer } from './customers';
import { AdminCustomerSchema, CustomerIdParam, CustomerListQuery, CustomerSchema } from './customers.schemas';

const tags = ['Customers'];
const security = [{ adminToken: [] }];

/** `%` and `_` typed by the merchant are literal characters, not wildcards. */
const literal = (text: string) => text.replace(/[\\%_]/g, (ch) => `\\${ch}`);

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
        const where = [];
        if (email) where.push(ilike(customers.email, `%${literal(email.toLowerCase())}%`));
        if (cursor) where.push(lt(customers.id, cursor));
        const rows = await ctx.db
          .select()
          .from(customers)
          .where(and(...where))
          .orderBy(desc(customers.id))
          .limit(limit + 1);
        const page = rows.slice(0, limit);
        return c.json(
          { items: page.map(toCustomer), nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null },
          200,
        );
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
        const [found] = await ctx.db.select().from(customers).where(eq(customers.id, id));
        const row = unwrap(found ? ok(found) : err('customer_not_found', 'No such customer'));
        const [counted] = await ctx.db.select({ n: count() }).from(orders).where(eq(orders.customerId, id));
        return c.json({ ...toCustomer(row), orderCount: counted?.n ?? 0 }, 200);
      },
    );
}
