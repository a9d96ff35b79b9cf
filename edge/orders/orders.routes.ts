import { Hono } from 'hono';
import { looksLikeAccessToken } from '../../origin/customers/access-token';
import { bearerToken } from '../lib/bearer';
import { readConfig } from '../lib/config';
import type { AppContext, AppEnv } from '../lib/context';
import { errorResponse } from '../lib/errors';
import { logger } from '../lib/log';
import { noStore } from '../lib/no-store';
import { shopperSession } from '../members/session';
import { fetchOrder, fetchTracking, type OrderCredential, type OrderRead } from './order-origin';

const ORDER_ID = /^[A-Za-z0-9_-]{1,64}$/;

export { bearerToken };

/**
 * Answers a shopper's read of their order through `read`. Whatever is wrong (no token, a
 * garbled or foreign one, no such order) the answer is the same 404, so the route never
 * reveals that an order exists.
 */
async function orderRead(c: AppContext, read: OrderRead): Promise<Response> {
  const orderId = c.req.param('id') ?? '';
  const token = bearerToken(c.req.header('authorization'));
  const notFound = () => errorResponse(c, 'order_not_found', 'No such order');
  if (!token || !ORDER_ID.test(orderId)) return notFound();
  // A session's access token is checked here first: a bad one never reaches the origin.
  const isSession = looksLikeAccessToken(token);
  if (isSession && !(await shopperSession(c))) return notFound();
  const credential: OrderCredential = isSession ? { kind: 'customer', token } : { kind: 'order_token', token };

  const answer = await read(readConfig(c.env), orderId, credential, c.get('requestId'));
  switch (answer.kind) {
    case 'found':
      return c.body(answer.body, 200, { 'content-type': 'application/json; charset=UTF-8' });
    case 'not_found':
      return notFound();
    case 'unknown':
      logger.error(answer.reason, { requestId: c.get('requestId') });
      return errorResponse(c, 'origin_unavailable', 'The order service is temporarily unavailable; try again');
  }
}

/** `GET /api/orders/:id` and `GET /api/orders/:id/tracking` of API.md, by order token or session. */
export const orderRoutes = new Hono<AppEnv>()
  .get('/api/orders/:id', noStore, (c) => orderRead(c, fetchOrder))
  .get('/api/orders/:id/tracking', noStore, (c) => orderRead(c, fetchTracking));
