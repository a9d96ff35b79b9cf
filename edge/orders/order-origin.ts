import { checkoutPaths } from '../../origin/checkout/contract';
import { customerPaths } from '../../origin/customers/contract';
import { trackingPaths } from '../../origin/logistics/tracking-contract';
import { failureReason, type OriginTarget, signedOriginFetch } from '../lib/signed-fetch';

const ORDER_READ_TIMEOUT_MS = 5_000;

/**
 * What the origin said about one order read. Every refusal (no such order, a foreign or
 * expired token, a malformed id) collapses into `not_found`, so nothing tells them apart.
 */
export type OrderAnswer = { kind: 'found'; body: string } | { kind: 'not_found' } | { kind: 'unknown'; reason: string };

/**
 * What proves the shopper may read the order: its order token, or the signed-in customer's
 * access token (the order must be theirs).
 */
export type OrderCredential = { kind: 'order_token'; token: string } | { kind: 'customer'; token: string };

/** One shopper read of an order resource at the origin (the order itself, its tracking). */
export type OrderRead = (
  target: OriginTarget,
  orderId: string,
  credential: OrderCredential,
  requestId: string,
) => Promise<OrderAnswer>;

/** Signed `GET <pathAndQuery>` carrying the shopper's credential; never throws. */
async function readWithToken(
  target: OriginTarget,
  pathAndQuery: string,
  credential: OrderCredential,
  requestId: string,
): Promise<OrderAnswer> {
  const header = credential.kind === 'customer' ? customerPaths.customerTokenHeader : checkoutPaths.orderTokenHeader;
  try {
    const res = await signedOriginFetch(target, {
      method: 'GET',
      pathAndQuery,
      headers: { [header]: credential.token },
      requestId,
      timeoutMs: ORDER_READ_TIMEOUT_MS,
    });
    if (res.status === 200) return { kind: 'found', body: await res.text() };
    await res.body?.cancel();
    // 401/403 mean the origin refused the edge itself (a signature problem), not the shopper.
    if (res.status >= 400 && res.status < 500 && res.status !== 401 && res.status !== 403) return { kind: 'not_found' };
    return { kind: 'unknown', reason: `GET ${pathAndQuery} answered ${res.status}` };
  } catch (err) {
    return { kind: 'unknown', reason: `GET ${pathAndQuery} failed: ${failureReason(err)}` };
  }
}

/** Signed `GET /internal/orders/:id`. */
export const fetchOrder: OrderRead = (target, orderId, credential, requestId) =>
  readWithToken(target, checkoutPaths.order(orderId), credential, requestId);

/** Signed `GET /internal/orders/:id/tracking`. */
export const fetchTracking: OrderRead = (target, orderId, credential, requestId) =>
  readWithToken(target, trackingPaths.orderTracking(orderId), credential, requestId);
