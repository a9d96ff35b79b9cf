import { type CheckoutRequest, checkoutPaths } from '../../contract/orders';
import { failureReason, type OriginTarget, signedOriginFetch } from '../lib/signed-fetch';

/**
 * Placing an order re-prices, reserves stock and creates a payment intent, which takes well
 * under a second; past this deadline the origin is taken for unavailable and the shopper is
 * told to retry (503 with Retry-After) rather than kept waiting.
 */
export const CHECKOUT_TIMEOUT_MS = 5_000;

/** `Retry-After` of a checkout whose outcome is unknown (the origin did not answer in time). */
export const CHECKOUT_RETRY_AFTER_SECONDS = 5;

/** Origin refusals that are the shopper's business outcome, passed through unchanged. */
const PASSED_THROUGH = [400, 404, 409, 422] as const;
type PassedThroughStatus = (typeof PASSED_THROUGH)[number];

/**
 * What the origin said about one checkout attempt:
 * - placed: 201 with the order; `body` is the origin's JSON text, answered unchanged;
 * - refused: a definite business refusal (`{ error: { code } }` with 400/404/409/422);
 * - unknown: no usable answer (network failure, timeout, 5xx, anything unexpected). The order
 *   may or may not exist; only a retry with the same Idempotency-Key can tell.
 */
export type CheckoutAnswer =
  | { kind: 'placed'; orderId: string; body: string }
  | { kind: 'refused'; status: PassedThroughStatus; code: string; body: string }
  | { kind: 'unknown'; reason: string };

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function orderIdOf(json: unknown): string | null {
  if (typeof json !== 'object' || json === null || !('order' in json)) return null;
  const order = json.order;
  if (typeof order !== 'object' || order === null || !('id' in order)) return null;
  return typeof order.id === 'string' && order.id.length > 0 ? order.id : null;
}

function errorCodeOf(json: unknown): string | null {
  if (typeof json !== 'object' || json === null || !('error' in json)) return null;
  const error = json.error;
  if (typeof error !== 'object' || error === null || !('code' in error)) return null;
  return typeof error.code === 'string' ? error.code : null;
}

function isPassedThrough(status: number): status is PassedThroughStatus {
  return (PASSED_THROUGH as readonly number[]).includes(status);
}

/** Sends the signed `POST /internal/checkout` and classifies the answer; never throws. */
export async function sendCheckout(
  target: OriginTarget,
  request: CheckoutRequest,
  requestId: string,
): Promise<CheckoutAnswer> {
  let status: number;
  let text: string;
  try {
    const res = await signedOriginFetch(target, {
      method: 'POST',
      pathAndQuery: checkoutPaths.checkout,
      body: JSON.stringify(request),
      requestId,
      timeoutMs: CHECKOUT_TIMEOUT_MS,
      // One order per Idempotency-Key at the origin: a lost connection may be retried.
      idempotent: true,
    });
    status = res.status;
    text = await res.text();
  } catch (err) {
    return { kind: 'unknown', reason: `POST ${checkoutPaths.checkout} failed: ${failureReason(err)}` };
  }
  const json = parseJson(text);
  if (status === 201) {
    const orderId = orderIdOf(json);
    if (orderId) return { kind: 'placed', orderId, body: text };
    return { kind: 'unknown', reason: 'origin answered 201 without an order id' };
  }
  const code = errorCodeOf(json);
  if (isPassedThrough(status) && code) return { kind: 'refused', status, code, body: text };
  return { kind: 'unknown', reason: `origin answered ${status}${code ? ` ${code}` : ''}` };
}
