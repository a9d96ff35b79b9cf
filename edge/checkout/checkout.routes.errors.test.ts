import { env } from 'cloudflare:workers';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { addItem, createCart, errorCode } from '../../test/edge/cart-helpers';
import { cartWithItem, checkout, checkoutBody, getCart, newIdempotencyKey } from '../../test/edge/checkout-helpers';
import { edgeFetch } from '../../test/edge/edge-fetch';
import { type FakeOrigin, installFakeOrigin } from '../../test/edge/fake-origin';

let origin: FakeOrigin;
beforeEach(() => {
  origin = installFakeOrigin();
  // Unknown outcomes are logged as errors; keep the test output readable.
  vi.spyOn(console, 'error').mockImplementation(() => {});
  vi.spyOn(console, 'warn').mockImplementation(() => {});
});
afterEach(() => vi.restoreAllMocks());

const checkoutCalls = () => origin.count('/internal/checkout');
const address = checkoutBody().shippingAddress;

describe('checkout refused by the origin', () => {
  it.each([
    [
      'out_of_stock',
      409,
      { error: { code: 'out_of_stock', message: 'Not enough stock', variantIds: ['var_a', 'var_b'] } },
    ],
    [
      'price_changed',
      409,
      {
        error: {
          code: 'price_changed',
          message: 'Prices changed',
          totals: { subtotal: { amount: 5400, currency: 'USD' } },
          lines: [{ variantId: 'var_a', unitPrice: { amount: 2700, currency: 'USD' } }],
        },
      },
    ],
    ['shipping_unavailable', 422, { error: { code: 'shipping_unavailable', message: 'No shipping to AQ' } }],
    ['shipping_method_not_found', 404, { error: { code: 'shipping_method_not_found', message: 'No such method' } }],
  ])('passes %s through unchanged and reopens the cart', async (_code, status, body) => {
    const { cart, variant } = await cartWithItem();
    origin.orderService.refuseWith = { status, body };
    const res = await checkout(cart.id, newIdempotencyKey());
    expect(res.status).toBe(status);
    expect(await res.json()).toEqual(body);

    expect((await getCart(cart.id)).status).toBe('open');
    expect((await addItem(cart.id, variant.id, 1)).status).toBe(200);
  });

  it('passes 422 idempotency_key_reused through for the same key with another body', async () => {
    const { cart } = await cartWithItem();
    const key = newIdempotencyKey();
    expect((await checkout(cart.id, key)).status).toBe(201);
    const reused = { error: { code: 'idempotency_key_reused', message: 'This key was used with another body' } };
    const res = await checkout(cart.id, key, checkoutBody({ email: 'someone.else@example.com' }));
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual(reused);
    expect((await getCart(cart.id)).status).toBe('converted');
  });

  it('does not reopen a cart on idempotency_key_reused after a lost answer: its order exists', async () => {
    const { cart, variant } = await cartWithItem();
    const key = newIdempotencyKey();
    origin.loseAnswers = 2; // the attempt and the edge's one retry
    expect((await checkout(cart.id, key)).status).toBe(503);

    const res = await checkout(cart.id, key, checkoutBody({ email: 'typo@example.com' }));
    expect(res.status).toBe(422);
    expect((await getCart(cart.id)).status).toBe('converted');
    expect((await addItem(cart.id, variant.id, 1)).status).toBe(409);

    const retry = await checkout(cart.id, key);
    expect(retry.status).toBe(201);
    expect(origin.orderService.orders.size).toBe(1);
  });

  it('keeps the lock when the origin answers something unexpected (a 4xx without an error body)', async () => {
    const { cart } = await cartWithItem();
    origin.orderService.refuseWith = { status: 409, body: { nope: true } };
    const res = await checkout(cart.id, newIdempotencyKey());
    expect(res.status).toBe(503);
    expect((await getCart(cart.id)).status).toBe('checking_out');
  });
});

describe('checkout request validation', () => {
  it('answers 400 idempotency_key_required without the header, before touching the cart', async () => {
    const { cart } = await cartWithItem();
    const res = await checkout(cart.id, null);
    expect(res.status).toBe(400);
    expect(await errorCode(res)).toBe('idempotency_key_required');
    expect(checkoutCalls()).toBe(0);
    expect((await getCart(cart.id)).status).toBe('open');
  });

  it.each([
    ['too long', 'k'.repeat(256)],
    ['with a space', 'two words'],
    ['with a tab', 'key\twith-tab'],
  ])('answers 400 invalid_request for an Idempotency-Key %s', async (_name, key) => {
    const { cart } = await cartWithItem();
    const res = await checkout(cart.id, key);
    expect(res.status).toBe(400);
    expect(await errorCode(res)).toBe('invalid_request');
    expect(checkoutCalls()).toBe(0);
  });

  it('accepts a 255-character key', async () => {
    const { cart } = await cartWithItem();
    expect((await checkout(cart.id, 'k'.repeat(255))).status).toBe(201);
  });

  it.each([
    ['a bad email', checkoutBody({ email: 'not-an-email' })],
    ['no email', { ...checkoutBody(), email: undefined }],
    ['an address without a city', checkoutBody({ shippingAddress: { ...address, city: undefined } })],
    ['an address with a blank name', checkoutBody({ shippingAddress: { ...address, name: '   ' } })],
    ['a three-letter country', checkoutBody({ shippingAddress: { ...address, country: 'GBR' } })],
    ['an unknown address field', checkoutBody({ shippingAddress: { ...address, state: 'X' } })],
    ['an over-long card token', checkoutBody({ card: { token: 't'.repeat(201) } })],
    ['an over-long postal code', checkoutBody({ shippingAddress: { ...address, postalCode: '1'.repeat(21) } })],
    ['paymentMethod bitcoin', checkoutBody({ paymentMethod: 'bitcoin' })],
    ['card without a token', checkoutBody({ card: undefined })],
    ['a card with cod', checkoutBody({ paymentMethod: 'cod' })],
    ['an extra key', checkoutBody({ coupon: 'FREE' })],
    ['an array', [checkoutBody()]],
  ])('answers 400 invalid_request for %s and never calls the origin', async (_name, body) => {
    const { cart } = await cartWithItem();
    const res = await checkout(cart.id, newIdempotencyKey(), body);
    expect(res.status).toBe(400);
    expect(await errorCode(res)).toBe('invalid_request');
    expect(checkoutCalls()).toBe(0);
    expect((await getCart(cart.id)).status).toBe('open');
  });

  it('answers 400 malformed_json for invalid JSON', async () => {
    const { cart } = await cartWithItem();
    const res = await edgeFetch(`/api/carts/${cart.id}/checkout`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': newIdempotencyKey() },
      body: '{"email": ',
    });
    expect(res.status).toBe(400);
    expect(await errorCode(res)).toBe('malformed_json');
    expect(checkoutCalls()).toBe(0);
  });

  it('answers 413 payload_too_large for an oversized body', async () => {
    const { cart } = await cartWithItem();
    const res = await checkout(cart.id, newIdempotencyKey(), checkoutBody({ padding: 'x'.repeat(20_000) }));
    expect(res.status).toBe(413);
    expect(await errorCode(res)).toBe('payload_too_large');
    expect(checkoutCalls()).toBe(0);
  });

  it('normalizes the forwarded body: trimmed strings, upper-case country, empty line2 dropped', async () => {
    const { cart } = await cartWithItem();
    const body = checkoutBody({
      email: ' ada@example.com ',
      shippingAddress: { ...address, name: ' Ada ', line2: '', country: 'gb' },
      paymentMethod: 'cod',
      card: undefined,
    });
    expect((await checkout(cart.id, newIdempotencyKey(), body)).status).toBe(201);
    const sent = origin.orderService.received[0];
    expect(sent?.email).toBe('ada@example.com');
    expect(sent?.shippingAddress).toStrictEqual({ ...address, name: 'Ada', country: 'GB' });
    expect(sent && 'card' in sent).toBe(false);
  });
});

describe('checkout of a cart that cannot be checked out', () => {
  it('answers 400 cart_empty for an empty cart and leaves it open', async () => {
    const cart = await createCart();
    const res = await checkout(cart.id, newIdempotencyKey());
    expect(res.status).toBe(400);
    expect(await errorCode(res)).toBe('cart_empty');
    expect(checkoutCalls()).toBe(0);
    expect((await getCart(cart.id)).status).toBe('open');
  });

  it.each([
    ['a cart that was never created', () => `cart_${env.CART.newUniqueId().toString()}`],
    ['a malformed cart id', () => 'cart_nope'],
  ])('answers 404 cart_not_found for %s', async (_name, id) => {
    const res = await checkout(id(), newIdempotencyKey());
    expect(res.status).toBe(404);
    expect(await errorCode(res)).toBe('cart_not_found');
    expect(checkoutCalls()).toBe(0);
  });
});
