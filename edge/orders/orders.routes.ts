import type { ShopperOrder } from '../../contract/orders';
import type { OrderTracking } from '../../contract/tracking';
import { bearerToken } from '../lib/bearer';
import { readConfig } from '../lib/config';
import type { AppContext } from '../lib/context';
import { errorResponse } from '../lib/errors';
import { logger } from '../lib/log';
import { noStore } from '../lib/no-store';
import { jsonText, router } from '../lib/openapi';
import { orderCredential } from './order-credential';
import { fetchOrder, fetchTracking, type OrderRead } from './order-origin';
import { orderRoute, trackingRoute } from './orders.api';

export { bearerToken };

/**
 * Answers a shopper's read of their order through `read`. Whatever is wrong (no token, a
 * garbled or foreign one, no such order) the answer is the same 404, so the route never
 * reveals that an order exists.
 */
async function orderRead<T>(c: AppContext, read: OrderRead) {
  const notFound = () => errorResponse(c, 'order_not_found', 'No such order');
  const who = await orderCredential(c);
  if (!who) return notFound();
  const { orderId, credential } = who;

  const answer = await read(readConfig(c.env), orderId, credential, c.get('requestId'));
  switch (answer.kind) {
    case 'found':
      return jsonText<T, 200>(c, answer.body, 200);
    case 'not_found':
      return notFound();
    case 'unknown':
      logger.error(answer.reason, { requestId: c.get('requestId') });
      return errorResponse(c, 'origin_unavailable', 'The order service is temporarily unavailable; try again');
  }
}

/** `GET /api/orders/:id` and `GET /api/orders/:id/tracking` of the shopper API (docs/api.md), by order token or session. */
export const orderRoutes = router()
  .openapi({ ...orderRoute, middleware: noStore }, (c) => orderRead<ShopperOrder>(c, fetchOrder))
  .openapi({ ...trackingRoute, middleware: noStore }, (c) => orderRead<OrderTracking>(c, fetchTracking));
