/**
 * Who may read an order (and its tracking) through the edge: the holder of its order token
 * (`x-order-token`), or the signed-in customer it belongs to (`x-customer-token`, verified with
 * its session). Everything else, including a valid token for another order, is a plain no.
 */

import { customerPaths } from '../../contract/customers';
import { checkoutPaths } from '../../contract/orders';
import { verifyOrderToken } from '../orders';
import type { OriginContext } from '../platform/context';
import { ownsOrder } from './accounts';
import { authenticateCustomer } from './sessions';

export async function mayReadOrder(
  ctx: OriginContext,
  orderId: string,
  headers: Record<string, string>,
): Promise<boolean> {
  const orderToken = headers[checkoutPaths.orderTokenHeader] ?? '';
  if (orderToken) return verifyOrderToken(ctx.config.orderTokenSecret, orderId, orderToken);
  const signedIn = await authenticateCustomer(ctx, headers[customerPaths.customerTokenHeader]);
  return signedIn !== null && (await ownsOrder(ctx, signedIn.customer.id, orderId));
}
