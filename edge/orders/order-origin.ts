import { customerPaths } from '../../contract/customers';
import { checkoutPaths } from '../../contract/orders';
import { trackingPaths } from '../../contract/tracking';
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
  const answer = await callForOrder(target, 'GET', pathAndQuery, credential, requestId);
  if (answer.kind === 'unknown') return answer;
  if (answer.status === 200) return { kind: 'found', body: answer.body };
  // Every other refusal of the shopper (a foreign or expired token, no such order) is a 404.
  if (answer.status >= 400 && answer.status < 500) return { kind: 'not_found' };
  return { kind: 'unknown', reason: `GET ${pathAndQuery} answered ${answer.status}` };
}

/** Signed `GET /internal/orders/:id`. */
export const fetchOrder: OrderRead = (target, orderId, credential, requestId) =>
  readWithToken(target, checkoutPaths.order(orderId), credential, requestId);

/** Signed `GET /internal/orders/:id/tracking`. */
export const fetchTracking: OrderRead = (target, orderId, credential, requestId) =>
  readWithToken(target, trackingPaths.orderTracking(orderId), credential, requestId);

/** The origin's answer to a shopper's call about an order, whatever its status; `unknown` for an outage. */
export type OrderCallAnswer = { kind: 'answer'; status: number; body: string } | { kind: 'unknown'; reason: string };

/**
 * A signed call about one order carrying the shopper's credential (for routes whose business
 * refusals, such as `409 reviews_not_open`, reach the shopper as the origin gave them). Only a
 * refusal of the edge itself (401/403: a signature problem) and 5xx are outages.
 */
export async function callForOrder(
  target: OriginTarget,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH',
  pathAndQuery: string,
  credential: OrderCredential,
  requestId: string,
  body?: unknown,
): Promise<OrderCallAnswer> {
  const header = credential.kind === 'customer' ? customerPaths.customerTokenHeader : checkoutPaths.orderTokenHeader;
  try {
    const res = await signedOriginFetch(target, {
      method,
      pathAndQuery,
      body: body === undefined ? undefined : JSON.stringify(body),
      headers: { [header]: credential.token },
      requestId,
      timeoutMs: ORDER_READ_TIMEOUT_MS,
    });
    const text = await res.text();
    if (res.status === 401 || res.status === 403 || res.status >= 500) {
      return { kind: 'unknown', reason: `${method} ${pathAndQuery} answered ${res.status}` };
    }
    return { kind: 'answer', status: res.status, body: text };
  } catch (err) {
    return { kind: 'unknown', reason: `${method} ${pathAndQuery} failed: ${failureReason(err)}` };
  }
}
