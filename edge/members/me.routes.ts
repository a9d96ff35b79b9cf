/**
 * `/api/me`: the signed-in customer, their orders, and claiming the guest orders placed with
 * their verified email. The edge checks the access token first (no origin call for a bad one);
 * the origin checks it again together with its session, so a revoked session stops here at once.
 */
import { Hono } from 'hono';
import { customerPaths } from '../../contract/customers';
import type { AppEnv } from '../lib/context';
import { noStore } from '../lib/no-store';
import { requireSession } from '../lib/session';
import { validQuery } from '../lib/validate';
import { callCustomerOrigin, relay } from './customer-origin';
import { OrdersQuery } from './members.api';

export const meRoutes = new Hono<AppEnv>()
  .use('/api/me', noStore)
  .use('/api/me/*', noStore)
  .get('/api/me', async (c) => {
    const { token } = await requireSession(c);
    return relay(c, await callCustomerOrigin(c, 'GET', customerPaths.me, { accessToken: token }));
  })
  .get('/api/me/orders', validQuery(OrdersQuery), async (c) => {
    const { token } = await requireSession(c);
    const { cursor, limit } = c.req.valid('query');
    const query = new URLSearchParams();
    if (cursor) query.set('cursor', cursor);
    if (limit) query.set('limit', String(limit));
    const path = query.size ? `${customerPaths.myOrders}?${query}` : customerPaths.myOrders;
    return relay(c, await callCustomerOrigin(c, 'GET', path, { accessToken: token }));
  })
  .post('/api/me/orders/claim', async (c) => {
    const { token } = await requireSession(c);
    return relay(c, await callCustomerOrigin(c, 'POST', customerPaths.claimOrders, { body: {}, accessToken: token }));
  });
