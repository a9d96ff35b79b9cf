/** Whether a signed-in shopper's session may read an order: it is live and the order is theirs. */
import { ordersService } from '../orders';
import type { OriginContext } from '../platform/context';
import { serviceClient } from '../platform/rpc';
import { authenticateCustomer } from './sessions';

export async function customerOwnsOrder(ctx: OriginContext, customerToken: string, orderId: string): Promise<boolean> {
  const signedIn = await authenticateCustomer(ctx, customerToken);
  if (!signedIn) return false;
  return serviceClient(ctx, ordersService).isCustomers({ customerId: signedIn.customer.id, orderId });
}
