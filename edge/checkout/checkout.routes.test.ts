import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CheckoutResponse } from '../../contract/orders';
import { addItem, errorCode, removeItem, setQuantity } from '../../test/edge/cart-helpers';
import {
  ageCheckoutLock,
  cartWithItem,
  checkout,
  checkoutBody,
  getCart,
  newIdempotencyKey,
} from '../../test/edge/checkout-helpers';
import { type FakeOrigin, installFakeOrigin } from '../../test/edge/fake-origin';

const LOCK_TTL_MS = 60_000;

let origin: FakeOrigin;
beforeEach(() => {
  origin = installFakeOrigin();
  // Unknown outcomes are logged as errors; keep the test output readable.
  vi.spyOn(console, 'error').mockImplementation(() => {});
  vi.spyOn(console, 'warn').mockImplementation(() => {});
});
afterEach(() => vi.restoreAllMocks());

const checkoutCalls = () => origin.count('/internal/checkout');

async function expectRefusedEdits(cartId: string, variantId: string, code: string): Promise<void> {
  for (const res of [
    await addItem(cartId, variantId, 1),
    await setQuantity(cartId, variantId, 1),
    await removeItem(cartId, variantId),
  ]) {
    expect(res.status).toBe(409);
    expect(await errorCode(res)).toBe(code);
  }
}

describe('POST /api/carts/:id/checkout', () => {
  it('places the order, answers the origin body unchanged and converts the cart', async () => {
    const { cart, variant } = await cartWithItem(2);
    const key = newIdempotencyKey();
    const res = await checkout(cart.id, key, checkoutBody(), { 'x-request-id': 'trace-checkout-1' });

    expect(res.status).toBe(201);
    const body = await res.json<CheckoutResponse>();
    const [placed] = origin.orderService.orders.values();
    expect(body).toEqual({
      order: JSON.parse(JSON.stringify(placed?.order)),
      orderToken: placed?.token,
      payment: { id: `pay_${placed?.order.id}`, status: 'requires_action', nextAction: null },
    });
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('location')).toBe(`/api/orders/${body.order.id}`);

    // The exact CheckoutRequest, signed (the fake origin refuses bad signatures) and traced.
    expect(origin.orderService.received).toStrictEqual([
      {
        cartId: cart.id,
        idempotencyKey: key,
        ...checkoutBody(),
        lines: [{ variantId: variant.id, quantity: 2, unitPrice: { amount: 2500, currency: 'USD' } }],
      },
    ]);
    expect(origin.orderService.receivedHeaders[0]?.get('x-request-id')).toBe('trace-checkout-1');

    expect(await getCart(cart.id)).toMatchObject({ status: 'converted', lines: cart.lines });
    await expectRefusedEdits(cart.id, variant.id, 'cart_converted');
  });

  it('answers the same order again for a retry with the same key and body', async () => {
    const { cart } = await cartWithItem();
    const key = newIdempotencyKey();
    const first = await (await checkout(cart.id, key)).json<CheckoutResponse>();
    const again = await checkout(cart.id, key);
    expect(again.status).toBe(201);
    expect(await again.json()).toEqual(first);
    expect(origin.orderService.orders.size).toBe(1);
  });

  it('retries a checkout whose answer was lost once, signed anew, and places one order', async () => {
    const { cart } = await cartWithItem();
    const key = newIdempotencyKey();
    origin.loseAnswers = 1;
    const res = await checkout(cart.id, key);
    expect(res.status).toBe(201);
    expect(origin.orderService.orders.size).toBe(1);
    const [first, retry] = origin.orderService.receivedHeaders;
    expect(origin.orderService.received.map((r) => r.idempotencyKey)).toEqual([key, key]);
    expect(retry?.get('x-internal-nonce')).not.toBe(first?.get('x-internal-nonce'));
    expect((await getCart(cart.id)).status).toBe('converted');
  });

  it('keeps the lock through a lost answer and an outage, then resolves with the same key', async () => {
    const { cart, variant } = await cartWithItem();
    const key = newIdempotencyKey();

    origin.loseAnswers = 2; // the attempt and the edge's one retry
    const lost = await checkout(cart.id, key);
    expect(lost.status).toBe(503);
    expect(lost.headers.get('retry-after')).toBe('5');
    const error = await lost.json<{ error: { code: string; message: string } }>();
    expect(error.error.code).toBe('checkout_unavailable');
    expect(error.error.message).toMatch(/same Idempotency-Key/);
    expect(origin.orderService.orders.size).toBe(1);

    origin.failWith = 503;
    const down = await checkout(cart.id, key);
    expect(down.status).toBe(503);
    expect(await errorCode(down)).toBe('checkout_unavailable');
    expect((await getCart(cart.id)).status).toBe('checking_out');
    await expectRefusedEdits(cart.id, variant.id, 'cart_locked');

    origin.failWith = null;
    const resolved = await checkout(cart.id, key);
    expect(resolved.status).toBe(201);
    const body = await resolved.json<CheckoutResponse>();
    expect(body.order.id).toBe([...origin.orderService.orders.keys()][0]);
    expect(origin.orderService.orders.size).toBe(1);
    expect((await getCart(cart.id)).status).toBe('converted');
  });

  it('refuses another key while the cart is locked, without calling the origin', async () => {
    const { cart } = await cartWithItem();
    origin.failWith = 503;
    expect((await checkout(cart.id, newIdempotencyKey())).status).toBe(503);
    const calls = checkoutCalls();

    const other = await checkout(cart.id, newIdempotencyKey());
    expect(other.status).toBe(409);
    expect(await errorCode(other)).toBe('cart_locked');
    expect(checkoutCalls()).toBe(calls);
  });

  it('places one order when two keys check out the same cart at once', async () => {
    const { cart } = await cartWithItem();
    const answers = await Promise.all([checkout(cart.id, newIdempotencyKey()), checkout(cart.id, newIdempotencyKey())]);
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409]);
    const refused = answers.find((r) => r.status === 409);
    expect(['cart_locked', 'cart_converted']).toContain(refused && (await errorCode(refused)));
    expect(origin.orderService.orders.size).toBe(1);
  });

  it('lets another key take over a lock older than the lock TTL', async () => {
    const { cart } = await cartWithItem();
    const stale = newIdempotencyKey();
    origin.failWith = 503;
    expect((await checkout(cart.id, stale)).status).toBe(503);
    origin.failWith = null;
    await ageCheckoutLock(cart.id, LOCK_TTL_MS + 1);

    const key = newIdempotencyKey();
    const res = await checkout(cart.id, key);
    expect(res.status).toBe(201);
    expect(origin.orderService.received.at(-1)?.idempotencyKey).toBe(key);
    expect((await getCart(cart.id)).status).toBe('converted');

    const late = await checkout(cart.id, stale);
    expect(late.status).toBe(409);
    expect(await errorCode(late)).toBe('cart_converted');
  });

  it('converts the cart when a takeover learns the cart was already ordered, and the first key still gets its order', async () => {
    const { cart, variant } = await cartWithItem();
    const first = newIdempotencyKey();
    origin.loseAnswers = 2; // the attempt and the edge's one retry
    expect((await checkout(cart.id, first)).status).toBe(503);
    await ageCheckoutLock(cart.id, LOCK_TTL_MS + 1);

    const second = await checkout(cart.id, newIdempotencyKey());
    expect(second.status).toBe(409);
    expect(await second.json()).toEqual({
      error: { code: 'cart_already_ordered', message: 'This cart already has an order' },
    });
    expect((await getCart(cart.id)).status).toBe('converted');
    await expectRefusedEdits(cart.id, variant.id, 'cart_converted');

    const retry = await checkout(cart.id, first);
    expect(retry.status).toBe(201);
    expect((await retry.json<CheckoutResponse>()).order.id).toBe([...origin.orderService.orders.keys()][0]);
    expect(origin.orderService.orders.size).toBe(1);
  });
});
