/**
 * Who may read an order (and its tracking) through the edge: the holder of its order token
 * (`x-order-token`), or the signed-in customer it belongs to (`x-customer-token`, verified with
 * its session). Everything else, including a valid token for another order, is a plain no.
 * Callable from any subsystem: the order token is checked where the request is, the session by
 * the customers service (in-process or over signed HTTP).
 */
import { customerPaths } from '../../contract/customers';
import { checkoutPaths } from '../../contract/orders';
import { verifyOrderToken } from '../orders';
import type { OriginContext } from '../platform/context';
import { serviceClient } from '../platform/rpc';
import { customersService } from './service';

export async function mayReadOrder(
  ctx: OriginContext,
  orderId: string,
  headers: Record<string, string>,
): Promise<boolean> {
  const orderToken = headers[checkoutPaths.orderTokenHeader] ?? '';
  if (orderToken) return verifyOrderToken(ctx.config.orderTokenSecret, orderId, orderToken);
  const customerToken = headers[customerPaths.customerTokenHeader];
  if (!customerToken) return false;
  return serviceClient(ctx, customersService).sessionOwnsOrder({ customerToken, orderId });
}
