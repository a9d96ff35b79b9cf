import { afterEach, describe, expect, it, vi } from 'vitest';
import { addItem, createCart, removeItem, seedVariant, seedVariants, setQuantity } from '../../test/edge/cart-helpers';
import { edgeFetch } from '../../test/edge/edge-fetch';
import { installFakeOrigin } from '../../test/edge/fake-origin';
import type { Cart } from './cart-rules';

afterEach(() => vi.restoreAllMocks());

const TTL = 604800;

describe('POST /api/carts', () => {
  it('creates an empty open cart with a prefixed id and a zero subtotal in the store currency', async () => {
    const res = await edgeFetch('/api/carts', { method: 'POST' });
    expect(res.status).toBe(201);
    const cart = await res.json<Cart>();
    expect(cart).toEqual({
      id: expect.stringMatching(/^cart_[0-9a-f]{64}$/),
      status: 'open',
      lines: [],
      totals: { subtotal: { amount: 0, currency: 'USD' }, itemCount: 0 },
    });
    expect(res.headers.get('location')).toBe(`/api/carts/${cart.id}`);
  });

  it('sets an HttpOnly, Lax, site-wide cookie that lives as long as the cart', async () => {
    const res = await edgeFetch('/api/carts', { method: 'POST' });
    const { id } = await res.json<Cart>();
    expect(res.headers.get('set-cookie')).toBe(`cart_id=${id}; HttpOnly; Path=/; SameSite=Lax; Max-Age=${TTL}`);
  });

  it('marks the cookie Secure when the request came over https', async () => {
    const res = await edgeFetch('https://edge.test/api/carts', { method: 'POST' });
    const { id } = await res.json<Cart>();
    expect(res.headers.get('set-cookie')).toBe(`cart_id=${id}; HttpOnly; Path=/; SameSite=Lax; Max-Age=${TTL}; Secure`);
  });
});

describe('GET /api/carts/:id', () => {
  it('returns the cart as created', async () => {
    const cart = await createCart();
    const res = await edgeFetch(`/api/carts/${cart.id}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(cart);
  });
});

describe('POST /api/carts/:id/items', () => {
  it('adds a line priced from the catalog snapshot', async () => {
    const variant = await seedVariant({ title: 'M', price: { amount: 2500, currency: 'USD' } });
    const cart = await createCart();
    const res = await addItem(cart.id, variant.id, 2);
    expect(res.status).toBe(200);
    const body = await res.json<Cart>();
    expect(body.lines).toEqual([
      {
        variantId: variant.id,
        productId: expect.stringMatching(/^prod_/),
        title: 'Linen Tee — M',
        quantity: 2,
        unitPrice: { amount: 2500, currency: 'USD' },
        lineTotal: { amount: 5000, currency: 'USD' },
      },
    ]);
    expect(body.totals).toEqual({ subtotal: { amount: 5000, currency: 'USD' }, itemCount: 2 });
    expect(await (await edgeFetch(`/api/carts/${cart.id}`)).json()).toEqual(body);
  });

  it('adds the quantity to an existing line and totals several lines', async () => {
    const [a, b] = await seedVariants(
      { price: { amount: 1999, currency: 'USD' } },
      { price: { amount: 350, currency: 'USD' } },
    );
    if (!a || !b) throw new Error('fixtures');
    const cart = await createCart();
    await addItem(cart.id, a.id, 1);
    await addItem(cart.id, b.id, 3);
    const res = await addItem(cart.id, a.id, 2);
    const body = await res.json<Cart>();
    expect(body.lines.map((l) => [l.variantId, l.quantity, l.lineTotal.amount])).toEqual([
      [a.id, 3, 5997],
      [b.id, 3, 1050],
    ]);
    expect(body.totals).toEqual({ subtotal: { amount: 7047, currency: 'USD' }, itemCount: 6 });
  });

  it('prices a variant missing from KV through the origin', async () => {
    const origin = installFakeOrigin();
    const variantId = `var_${crypto.randomUUID().replaceAll('-', '')}`;
    origin.variants.set(variantId, {
      variantId,
      productId: 'prod_origin',
      productSlug: 'from-origin',
      title: 'From Origin — One',
      sku: 'SKU-O',
      price: { amount: 700, currency: 'USD' },
      availableQuantity: 4,
    });
    const cart = await createCart();
    const res = await addItem(cart.id, variantId, 4);
    expect(res.status).toBe(200);
    expect((await res.json<Cart>()).lines[0]).toMatchObject({ title: 'From Origin — One', quantity: 4 });
    expect(origin.requests).toEqual([`/internal/catalog/variants/${variantId}`]);
  });

  it('re-issues the cart cookie on a successful change', async () => {
    const variant = await seedVariant();
    const cart = await createCart();
    const res = await addItem(cart.id, variant.id, 1);
    expect(res.headers.get('set-cookie')).toBe(`cart_id=${cart.id}; HttpOnly; Path=/; SameSite=Lax; Max-Age=${TTL}`);
  });
});

describe('PATCH /api/carts/:id/items/:variantId', () => {
  it('sets the quantity of a line', async () => {
    const variant = await seedVariant({ price: { amount: 1000, currency: 'USD' } });
    const cart = await createCart();
    await addItem(cart.id, variant.id, 1);
    const res = await setQuantity(cart.id, variant.id, 5);
    expect(res.status).toBe(200);
    const body = await res.json<Cart>();
    expect(body.lines[0]).toMatchObject({ quantity: 5, lineTotal: { amount: 5000, currency: 'USD' } });
    expect(body.totals.itemCount).toBe(5);
  });

  it('removes the line when the quantity is 0', async () => {
    const variant = await seedVariant();
    const cart = await createCart();
    await addItem(cart.id, variant.id, 2);
    const res = await setQuantity(cart.id, variant.id, 0);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ lines: [], totals: { subtotal: { amount: 0 }, itemCount: 0 } });
  });
});

describe('DELETE /api/carts/:id/items/:variantId', () => {
  it('removes the line and keeps the others', async () => {
    const [a, b] = await seedVariants({}, {});
    if (!a || !b) throw new Error('fixtures');
    const cart = await createCart();
    await addItem(cart.id, a.id, 1);
    await addItem(cart.id, b.id, 1);
    const res = await removeItem(cart.id, a.id);
    expect(res.status).toBe(200);
    expect((await res.json<Cart>()).lines.map((l) => l.variantId)).toEqual([b.id]);
  });

  it('answers 200 with the unchanged cart when the line is already gone, so retries are safe', async () => {
    const cart = await createCart();
    const res = await removeItem(cart.id, 'var_never_added');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(cart);
  });
});
