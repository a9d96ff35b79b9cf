import type { AppContext } from '../lib/context';
import type { ShopperAccount } from './account-object';

/** The customer's account object at the edge (named by the customer id), bound to that customer. */
export function accountStub(c: AppContext, customerId: string) {
  const stub: DurableObjectStub<ShopperAccount> = c.env.ACCOUNT.get(c.env.ACCOUNT.idFromName(customerId));
  return {
    openCart: () => stub.openCart(customerId),
    adoptGuestCart: (guestCartId: string | null) => stub.adoptGuestCart(customerId, guestCartId),
  };
}
