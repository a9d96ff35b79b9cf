/** The merchant's view of customer accounts: a filtered page of them, and one with its orders counted. */
import { and, desc, eq, ilike, lt } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { customers } from '../../db/schema/customers';
import { ordersService } from '../orders';
import type { OriginContext } from '../platform/context';
import { err, ok } from '../platform/result';
import { serviceClient } from '../platform/rpc';
import { toCustomer } from './customers';

/** `%` and `_` typed by the merchant are literal characters, not wildcards. */
const literal = (text: string) => text.replace(/[\\%_]/g, (ch) => `\\${ch}`);

/** Customer accounts, newest first; `email` matches any part of the address. */
export async function listCustomers(db: Database, filter: { email?: string; afterId?: string; limit: number }) {
  const where = [];
  if (filter.email) where.push(ilike(customers.email, `%${literal(filter.email.toLowerCase())}%`));
  if (filter.afterId) where.push(lt(customers.id, filter.afterId));
  const rows = await db
    .select()
    .from(customers)
    .where(and(...where))
    .orderBy(desc(customers.id))
    .limit(filter.limit + 1);
  const page = rows.slice(0, filter.limit);
  return { items: page.map(toCustomer), nextCursor: rows.length > filter.limit ? (page.at(-1)?.id ?? null) : null };
}

export async function customerWithOrderCount(ctx: OriginContext, id: string) {
  const [found] = await ctx.db.select().from(customers).where(eq(customers.id, id));
  if (!found) return err('customer_not_found', 'No such customer');
  return ok({
    ...toCustomer(found),
    orderCount: await serviceClient(ctx, ordersService).countOfCustomer({ customerId: id }),
  });
}
