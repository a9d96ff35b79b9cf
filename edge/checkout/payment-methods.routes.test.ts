import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { verifyInternalRequest } from '../../contract/signing';
import { errorCode } from '../../test/edge/cart-helpers';
import { TEST_SECRET } from '../../test/edge/catalog-fixtures';
import { cartWithItem } from '../../test/edge/checkout-helpers';
import { edgeFetch } from '../../test/edge/edge-fetch';
import { installFakeOrigin } from '../../test/edge/fake-origin';

/** The origin's answers to /internal/payment-methods, recorded and checked for the edge's signature. */
let asked: URLSearchParams[] = [];
let answer: () => Response = () => Response.json({ items: ['card', 'cod'] });

beforeEach(() => {
  asked = [];
  const fake = installFakeOrigin();
  const handle = fake.handle.bind(fake);
  vi.spyOn(fake, 'handle').mockImplementation(async (req: Request) => {
    const url = new URL(req.url);
    if (url.pathname !== '/internal/payment-methods') return handle(req);
    if (!(await verifyInternalRequest(TEST_SECRET, 'GET', url.pathname + url.search, '', req.headers))) {
      return new Response('bad signature', { status: 401 });
    }
    asked.push(url.searchParams);
    return answer();
  });
  vi.spyOn(console, 'error').mockImplementation(() => {});
});
afterEach(() => {
  answer = () => Response.json({ items: ['card', 'cod'] });
  vi.restoreAllMocks();
});

describe('GET /api/carts/:id/payment-methods', () => {
  it('asks the origin with the cart subtotal and the country, signed, and answers the methods', async () => {
    const { cart } = await cartWithItem(2);
    const res = await edgeFetch(`/api/carts/${cart.id}/payment-methods?country=de`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ items: ['card', 'cod'], basis: { subtotal: cart.totals.subtotal } });
    expect(asked).toHaveLength(1);
    expect(Object.fromEntries(asked[0] as URLSearchParams)).toEqual({
      country: 'DE',
      amount: String(cart.totals.subtotal.amount),
      currency: cart.totals.subtotal.currency,
    });
  });

  it('refuses a missing or malformed country and unknown parameters', async () => {
    const { cart } = await cartWithItem(1);
    for (const q of ['', '?country=Germany', '?country=DE&x=1']) {
      const res = await edgeFetch(`/api/carts/${cart.id}/payment-methods${q}`);
      expect(res.status).toBe(400);
      expect(await errorCode(res)).toBe('invalid_request');
    }
    expect(asked).toHaveLength(0);
  });

  it('answers 404 for an unknown cart', async () => {
    const res = await edgeFetch('/api/carts/not-a-cart/payment-methods?country=US');
    expect(res.status).toBe(404);
    expect(await errorCode(res)).toBe('cart_not_found');
  });

  it('answers 502 origin_unavailable when the origin fails', async () => {
    const { cart } = await cartWithItem(1);
    answer = () => new Response('down', { status: 503 });
    const res = await edgeFetch(`/api/carts/${cart.id}/payment-methods?country=US`);
    expect(res.status).toBe(502);
    expect(await errorCode(res)).toBe('origin_unavailable');
  });
});
