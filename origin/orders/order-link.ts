/**
 * The shopper's link to an order: the storefront's order page with a token for that order. The
 * token is signed as of the order's creation, so every link to one order is the same string:
 * the checkout answer's `orderToken`, and the return URL each payment attempt gives its provider
 * for 3-D Secure (a retried provider call must send the same body under its idempotency key).
 */

import { checkoutPaths } from '../../contract/orders';
import type { OriginConfig } from '../platform/config/config';
import { signOrderToken } from './order-token';

/** The order token of an order created at `createdAt`. */
export function orderTokenOf(config: OriginConfig, orderId: string, createdAt: Date): Promise<string> {
  return signOrderToken(config.orderTokenSecret, orderId, config.orderTokenTtlSeconds, createdAt.getTime());
}

/** The storefront's page of the order (`PUBLIC_STORE_URL`), opened by its token. */
export function orderPageUrl(config: OriginConfig, orderId: string, token: string): string {
  return `${config.customers.publicStoreUrl}${checkoutPaths.orderPage(orderId, token)}`;
}
