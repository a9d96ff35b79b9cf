import { Hono } from 'hono';
import { bearerToken } from '../lib/bearer';
import { readConfig } from '../lib/config';
import type { AppContext, AppEnv } from '../lib/context';
import { errorResponse } from '../lib/errors';
import { logger } from '../lib/log';
import { noStore } from '../lib/no-store';
import { orderCredential } from './order-credential';
import { fetchOrder, fetchTracking, type OrderRead } from './order-origin';

export { bearerToken };

/**
 * Answers a shopper's read of their order through `read`. Whatever is wrong (no token, a
 * garbled or foreign one, no such order) the answer is the same 404, so the route never
 * reveals that an order exists.
 */
async function orderRead(c: AppContext, read: OrderRead): Promise<Response> {
  const notFound = () => errorResponse(c, 'order_not_found', 'No such order');
  const who = await orderCredential(c);
  if (!who) return notFound();
  const { orderId, credential } = who;

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

/** `GET /api/orders/:id` and `GET /api/orders/:id/tracking` of the shopper API (docs/api.md), by order token or session. */
export const orderRoutes = new Hono<AppEnv>()
  .get('/api/orders/:id', noStore, (c) => orderRead(c, fetchOrder))
  .get('/api/orders/:id/tracking', noStore, (c) => orderRead(c, fetchTracking));
