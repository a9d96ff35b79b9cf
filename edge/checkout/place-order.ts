/**
 * The edge's checkout workflow: lock the cart, forward it to the origin with the shopper's
 * Idempotency-Key, then settle the lock by what the origin said. The origin alone places
 * orders; the lock only keeps the cart still while an attempt is in flight.
 */
import type { CheckoutRequest } from '../../contract/orders';
import type { CartObject } from '../cart/cart-object';
import type { Cart, CartError } from '../cart/cart-rules';
import { logger } from '../lib/log';
import type { OriginTarget } from '../lib/signed-fetch';
import { type CheckoutAnswer, sendCheckout } from './checkout-origin';
import type { ParsedCheckoutBody } from './checkout-schema';

export type PlaceOrderResult =
  | { kind: 'cart_refused'; error: CartError }
  | Exclude<CheckoutAnswer, { kind: 'unknown' }>
  | { kind: 'unknown' };

export interface PlaceOrderDeps {
  cart: DurableObjectStub<CartObject>;
  origin: OriginTarget;
  requestId: string;
  /** The signed-in customer (null: a guest): only they may check out their cart, and the order is theirs. */
  viewer?: string | null;
}

/** The `POST /internal/checkout` body: the shopper's body plus the cart's lines as last priced. */
export function buildCheckoutRequest(
  cart: Cart,
  idempotencyKey: string,
  body: ParsedCheckoutBody,
  customerId: string | null = null,
): CheckoutRequest {
  return {
    cartId: cart.id,
    idempotencyKey,
    ...body,
    lines: cart.lines.map((l) => ({ variantId: l.variantId, quantity: l.quantity, unitPrice: l.unitPrice })),
    ...(customerId ? { customerId } : {}),
  };
}

/**
 * Refusals that prove the cart already has an order at the origin: `cart_already_ordered`
 * (under another key), and `idempotency_key_reused`, because the origin scopes keys to their
 * cart and stores only committed orders under them. Reopening the cart would be wrong.
 */
const ORDER_EXISTS = new Set(['cart_already_ordered', 'idempotency_key_reused']);

function logError(requestId: string, message: string, fields: Record<string, unknown>): void {
  logger.error(message, { requestId, ...fields });
}

/**
 * Settles the lock. A failure here is logged, not thrown: the origin's answer stands, and the
 * lock stays with `key`, so a retry with the same key settles it again.
 */
async function settle(deps: PlaceOrderDeps, key: string, answer: CheckoutAnswer): Promise<void> {
  try {
    if (answer.kind === 'placed') await deps.cart.completeCheckout(key, answer.orderId);
    else if (answer.kind === 'refused' && ORDER_EXISTS.has(answer.code)) await deps.cart.markOrderedElsewhere();
    else if (answer.kind === 'refused') await deps.cart.abortCheckout(key);
  } catch (err) {
    logError(deps.requestId, 'could not settle the checkout lock', {
      answer: answer.kind,
      error: err instanceof Error ? err.message : String(err),
    });
  }
}

/**
 * Runs one checkout attempt. On an unknown outcome (origin down, timeout, 5xx) the cart stays
 * locked by `key`: the order may exist, and a retry with the same key finds out.
 */
export async function placeOrder(
  deps: PlaceOrderDeps,
  key: string,
  body: ParsedCheckoutBody,
): Promise<PlaceOrderResult> {
  const viewer = deps.viewer ?? null;
  const locked = await deps.cart.beginCheckout(key, viewer);
  if (!locked.ok) return { kind: 'cart_refused', error: locked.error };

  const request = buildCheckoutRequest(locked.cart, key, body, viewer);
  const answer = await sendCheckout(deps.origin, request, deps.requestId);
  await settle(deps, key, answer);
  if (answer.kind !== 'unknown') return answer;
  logError(deps.requestId, 'checkout outcome unknown; cart stays locked', {
    cartId: locked.cart.id,
    reason: answer.reason,
  });
  return { kind: 'unknown' };
}
