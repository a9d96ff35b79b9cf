import { env } from 'cloudflare:workers';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { addItem, createCart, errorCode, removeItem, seedVariant, setQuantity } from '../../test/edge/cart-helpers';
import { edgeFetch, jsonRequest } from '../../test/edge/edge-fetch';
import { installFakeOrigin } from '../../test/edge/fake-origin';
import { durableIdOf } from './cart-id';

// Unknown variants fall through KV to the origin; the fake one answers 404 for them.
beforeEach(() => {
  installFakeOrigin();
});
afterEach(() => vi.restoreAllMocks());

async function setStatus(cartId: string, status: 'checking_out' | 'converted'): Promise<void> {
  const id = durableIdOf(env.CART, cartId);
  if (!id) throw new Error('bad cart id');
  const stub = env.CART.get(id);
  await stub.beginCheckout('idem-test');
  if (status === 'converted') await stub.completeCheckout('idem-test', 'ord_test');
}

describe('cart not found', () => {
  it.each([
    ['a malformed id', 'nope'],
    ['a wrong prefix', `basket_${'a'.repeat(64)}`],
    ['a well-formed id this namespace never minted', `cart_${'0'.repeat(64)}`],
  ])('answers 404 cart_not_found for %s', async (_name, id) => {
    const res = await edgeFetch(`/api/carts/${id}`);
    expect(res.status).toBe(404);
    expect(await errorCode(res)).toBe('cart_not_found');
  });

  it('answers 404 cart_not_found for a valid id whose cart was never created', async () => {
    const id = `cart_${env.CART.newUniqueId().toString()}`;
    const get = await edgeFetch(`/api/carts/${id}`);
    expect(get.status).toBe(404);
    expect(await errorCode(get)).toBe('cart_not_found');
    const variant = await seedVariant();
    expect(await errorCode(await addItem(id, variant.id, 1))).toBe('cart_not_found');
    expect(await errorCode(await removeItem(id, variant.id))).toBe('cart_not_found');
  });
});

describe('POST /api/carts/:id/items errors', () => {
  it('answers 404 variant_not_found for a variant that is not for sale', async () => {
    const cart = await createCart();
    const res = await addItem(cart.id, 'var_unknown', 1);
    expect(res.status).toBe(404);
    expect(await errorCode(res)).toBe('variant_not_found');
  });

  it.each([
    ['zero', { quantity: 0 }],
    ['negative', { quantity: -1 }],
    ['fractional', { quantity: 1.5 }],
    ['a string', { quantity: '2' }],
    ['missing', {}],
  ])('answers 400 for a quantity that is %s', async (_name, fields) => {
    const variant = await seedVariant();
    const cart = await createCart();
    const res = await edgeFetch(
      `/api/carts/${cart.id}/items`,
      jsonRequest('POST', { variantId: variant.id, ...fields }),
    );
    expect(res.status).toBe(400);
    expect(await errorCode(res)).toBe('invalid_request');
  });

  it('answers 400 quantity_limit_exceeded over the per-line limit, also after adding', async () => {
    const variant = await seedVariant({ availableQuantity: 100 });
    const cart = await createCart();
    const tooMany = await addItem(cart.id, variant.id, 21);
    expect(tooMany.status).toBe(400);
    expect(await errorCode(tooMany)).toBe('quantity_limit_exceeded');

    expect((await addItem(cart.id, variant.id, 15)).status).toBe(200);
    const crossing = await addItem(cart.id, variant.id, 6);
    expect(crossing.status).toBe(400);
    expect(await errorCode(crossing)).toBe('quantity_limit_exceeded');
  });

  it('answers 409 out_of_stock beyond the snapshot availability and leaves the cart unchanged', async () => {
    const variant = await seedVariant({ availableQuantity: 3 });
    const soldOut = await seedVariant({ available: false, availableQuantity: 0 });
    const cart = await createCart();
    expect((await addItem(cart.id, variant.id, 2)).status).toBe(200);
    const res = await addItem(cart.id, variant.id, 2);
    expect(res.status).toBe(409);
    expect(await errorCode(res)).toBe('out_of_stock');
    expect(await errorCode(await addItem(cart.id, soldOut.id, 1))).toBe('out_of_stock');
    const current = await (await edgeFetch(`/api/carts/${cart.id}`)).json<{ totals: { itemCount: number } }>();
    expect(current.totals.itemCount).toBe(2);
  });
});

describe('PATCH /api/carts/:id/items/:variantId errors', () => {
  it('answers 404 line_not_found for a variant that is not in the cart', async () => {
    const variant = await seedVariant();
    const cart = await createCart();
    const res = await setQuantity(cart.id, variant.id, 1);
    expect(res.status).toBe(404);
    expect(await errorCode(res)).toBe('line_not_found');
  });

  it.each([
    ['negative', -1],
    ['fractional', 0.5],
    ['a string', 'many'],
  ])('answers 400 for a quantity that is %s', async (_name, quantity) => {
    const variant = await seedVariant();
    const cart = await createCart();
    await addItem(cart.id, variant.id, 1);
    const res = await setQuantity(cart.id, variant.id, quantity);
    expect(res.status).toBe(400);
    expect(await errorCode(res)).toBe('invalid_request');
  });

  it('answers 400 for a malformed variant id in the path', async () => {
    const cart = await createCart();
    const res = await edgeFetch(`/api/carts/${cart.id}/items/bad%20id`, jsonRequest('PATCH', { quantity: 1 }));
    expect(res.status).toBe(400);
  });

  it('answers 409 out_of_stock or 400 quantity_limit_exceeded for an increase that does not fit', async () => {
    const variant = await seedVariant({ availableQuantity: 4 });
    const cart = await createCart();
    await addItem(cart.id, variant.id, 1);
    expect(await errorCode(await setQuantity(cart.id, variant.id, 5))).toBe('out_of_stock');
    expect(await errorCode(await setQuantity(cart.id, variant.id, 21))).toBe('quantity_limit_exceeded');
  });
});

describe('locked and converted carts', () => {
  it('answers 409 cart_locked to every change while the cart is checking out', async () => {
    const variant = await seedVariant();
    const cart = await createCart();
    await addItem(cart.id, variant.id, 1);
    await setStatus(cart.id, 'checking_out');
    for (const res of [
      await addItem(cart.id, variant.id, 1),
      await setQuantity(cart.id, variant.id, 2),
      await removeItem(cart.id, variant.id),
    ]) {
      expect(res.status).toBe(409);
      expect(await errorCode(res)).toBe('cart_locked');
    }
    expect(await (await edgeFetch(`/api/carts/${cart.id}`)).json()).toMatchObject({ status: 'checking_out' });
  });

  it('answers 409 cart_converted to every change once the cart became an order', async () => {
    const variant = await seedVariant();
    const cart = await createCart();
    await addItem(cart.id, variant.id, 1);
    await setStatus(cart.id, 'converted');
    for (const res of [
      await addItem(cart.id, variant.id, 1),
      await setQuantity(cart.id, variant.id, 0),
      await removeItem(cart.id, variant.id),
    ]) {
      expect(res.status).toBe(409);
      expect(await errorCode(res)).toBe('cart_converted');
    }
  });
});
