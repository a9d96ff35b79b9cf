import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseKeyRing } from '../../contract/access-token';
import { type AuthSession, customerPaths } from '../../contract/customers';
import type { CheckoutResponse } from '../../contract/orders';
import { CLIENT_IP_HEADER as CLIENT_ADDRESS_HEADER, verifyInternalRequest } from '../../contract/signing';
import { addItem, createCart, errorCode, seedVariant } from '../../test/edge/cart-helpers';
import { TEST_SECRET } from '../../test/edge/catalog-fixtures';
import { checkout, checkoutBody, newIdempotencyKey } from '../../test/edge/checkout-helpers';
import { edgeFetch, jsonRequest } from '../../test/edge/edge-fetch';
import { type FakeOrigin, installFakeOrigin } from '../../test/edge/fake-origin';
import { accessToken } from '../../test/edge/sessions';
import type { Cart } from '../cart/cart-rules';

let origin: FakeOrigin;
beforeEach(() => {
  origin = installFakeOrigin();
  vi.spyOn(console, 'error').mockImplementation(() => {});
});
afterEach(() => vi.restoreAllMocks());

type SignedIn = AuthSession & { cart: Cart | null };
const PASSWORD = 'correct horse battery';

async function register(body: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<SignedIn> {
  const email = `${crypto.randomUUID()}@example.com`;
  const res = await edgeFetch(
    '/api/auth/register',
    jsonRequest('POST', { email, password: PASSWORD, ...body }, headers),
  );
  if (res.status !== 201) throw new Error(`register: ${res.status} ${await res.text()}`);
  return res.json<SignedIn>();
}

function login(email: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  return edgeFetch('/api/auth/login', jsonRequest('POST', { email, password: PASSWORD, ...extra }, headers));
}

const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const asCustomer = (s: AuthSession) => auth(s.accessToken);

async function guestCartWith(quantity: number, amount = 2500): Promise<{ cart: Cart; variantId: string }> {
  const variant = await seedVariant({ price: { amount, currency: 'USD' } });
  const cart = await createCart();
  const res = await addItem(cart.id, variant.id, quantity);
  if (res.status !== 200) throw new Error(`add: ${res.status}`);
  return { cart: await res.json<Cart>(), variantId: variant.id };
}

describe('registration and login at the edge', () => {
  it('registers, then answers /api/me for the session and 401 without one', async () => {
    const session = await register({ name: 'Ada' });
    expect(session).toMatchObject({ customer: { name: 'Ada' }, cart: null, expiresIn: 300 });
    const me = await edgeFetch('/api/me', { headers: asCustomer(session) });
    expect(me.status).toBe(200);
    expect(me.headers.get('cache-control')).toBe('no-store');
    expect(await me.json()).toMatchObject({ id: session.customer.id });
    const anonymous = await edgeFetch('/api/me');
    expect(anonymous.status).toBe(401);
    expect(await errorCode(anonymous)).toBe('unauthenticated');
  });

  it('refuses bad bodies at the edge with 400, before the origin', async () => {
    const before = origin.requests.length;
    for (const body of [
      { email: 'not-an-email', password: PASSWORD },
      { email: 'a@example.com', password: 'short' },
      { email: 'a@example.com', password: PASSWORD, admin: true },
      { email: 'a@example.com', password: 'x'.repeat(300) },
    ]) {
      const res = await edgeFetch('/api/auth/register', jsonRequest('POST', body));
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    expect(origin.requests.length).toBe(before);
  });

  it("relays the origin's refusals unchanged (wrong password 401, taken email 409)", async () => {
    const session = await register();
    const wrong = await edgeFetch(
      '/api/auth/login',
      jsonRequest('POST', { email: session.customer.email, password: 'wrong password!' }),
    );
    expect(wrong.status).toBe(401);
    expect(await errorCode(wrong)).toBe('invalid_credentials');
    const again = await edgeFetch(
      '/api/auth/register',
      jsonRequest('POST', { email: session.customer.email, password: PASSWORD }),
    );
    expect(again.status).toBe(409);
  });

  it("forwards the shopper's address to the origin under the signature", async () => {
    const session = await register({}, { 'cf-connecting-ip': '203.0.113.7' });
    await login(session.customer.email, {}, { 'cf-connecting-ip': '203.0.113.7' });
    const sent = vi
      .mocked(fetch)
      .mock.calls.map(([input, init]) => new Request(input, init))
      .find((r) => new URL(r.url).pathname === '/internal/auth/login');
    if (!sent) throw new Error('no login reached the origin');
    expect(sent.headers.get('x-client-ip')).toBe('203.0.113.7');
    const body = await sent.text();
    expect(await verifyInternalRequest(TEST_SECRET, 'POST', '/internal/auth/login', body, sent.headers)).toBe(true);
    const moved = new Headers(sent.headers);
    moved.set('x-client-ip', '198.51.100.1');
    expect(await verifyInternalRequest(TEST_SECRET, 'POST', '/internal/auth/login', body, moved)).toBe(false);
  });

  it("tells the origin the shopper's address on login, never an address the client sent", async () => {
    const session = await register();
    const res = await login(
      session.customer.email,
      {},
      {
        'cf-connecting-ip': '203.0.113.77',
        [CLIENT_ADDRESS_HEADER]: '198.51.100.1',
      },
    );
    expect(res.status).toBe(200);
    const sent = vi
      .mocked(globalThis.fetch)
      .mock.calls.map(([input, init]) => new Request(input, init))
      .filter((req) => new URL(req.url).pathname === customerPaths.login);
    expect(sent.map((req) => req.headers.get(CLIENT_ADDRESS_HEADER))).toEqual(['203.0.113.77']);
  });

  it('answers 502 when the origin is down, never a session', async () => {
    origin.failWith = 503;
    const res = await edgeFetch('/api/auth/login', jsonRequest('POST', { email: 'a@example.com', password: PASSWORD }));
    expect(res.status).toBe(502);
    expect(await errorCode(res)).toBe('origin_unavailable');
  });
});

describe('access tokens at the edge', () => {
  const cases: Array<[string, () => Promise<string>]> = [
    [
      'tampered payload',
      async () => {
        const [h, , s] = (await accessToken('cus_x')).split('.');
        const forged = btoa(
          JSON.stringify({ iss: 'edgeshop', aud: 'shopper', sub: 'cus_victim', sid: 's', iat: 1, exp: 4e9 }),
        )
          .replace(/=+$/, '')
          .replace(/\+/g, '-')
          .replace(/\//g, '_');
        return `${h}.${forged}.${s}`;
      },
    ],
    ['expired', () => accessToken('cus_x', { now: Date.now() - 3_600_000, ttlSeconds: 300 })],
    [
      'signed with a key outside the ring',
      () => accessToken('cus_x', { keys: parseKeyRing('test-2:some-other-key-that-is-long-enough-xxxxxx') }),
    ],
    [
      'signed with an unknown key id',
      () => accessToken('cus_x', { keys: parseKeyRing('retired:edge-test-access-token-key-two-xxxxxxxx') }),
    ],
  ];

  it.each(cases)('refuses a %s token with 401 and never asks the origin', async (_name, make) => {
    const before = origin.requests.length;
    const res = await edgeFetch('/api/me', { headers: auth(await make()) });
    expect(res.status).toBe(401);
    expect(origin.requests.length).toBe(before);
  });

  it('accepts a token signed by an older key still in the ring (rotation)', async () => {
    // vitest binds AUTH_TOKEN_KEYS = "test-2:…,test-1:…": test-2 signs, test-1 is the previous key.
    const session = await register();
    const sid = [...origin.customers.sessions.entries()].find(([, id]) => id === session.customer.id)?.[0];
    const old = await accessToken(session.customer.id, {
      sid,
      keys: parseKeyRing('test-1:edge-test-access-token-key-one-xxxxxxxx'),
    });
    expect((await edgeFetch('/api/me', { headers: auth(old) })).status).toBe(200);
  });
});

describe('carts of signed-in shoppers', () => {
  it('keeps the guest cart on login: it becomes the account cart, unseen by anyone else', async () => {
    const a = await register();
    const b = await register();
    const { cart } = await guestCartWith(2);
    const res = await login(a.customer.email, {}, { cookie: `cart_id=${cart.id}` });
    expect(res.status).toBe(200);
    const signedIn = await res.json<SignedIn>();
    expect(signedIn.cart).toMatchObject({ id: cart.id, totals: { itemCount: 2 } });
    expect(res.headers.get('set-cookie')).toContain(`cart_id=${cart.id}`);

    const read = (headers: Record<string, string>) => edgeFetch(`/api/carts/${cart.id}`, { headers });
    expect((await read(asCustomer(signedIn))).status).toBe(200);
    // Owned now: the id alone no longer opens it, nor does another customer's session.
    expect((await read({})).status).toBe(404);
    expect((await read(asCustomer(b))).status).toBe(404);
    const variant = await seedVariant();
    const write = await edgeFetch(
      `/api/carts/${cart.id}/items`,
      jsonRequest('POST', { variantId: variant.id, quantity: 1 }, asCustomer(b)),
    );
    expect(write.status).toBe(404);
    expect(await errorCode(write)).toBe('cart_not_found');
  });

  it('merges a later guest cart into the open account cart and empties the guest one', async () => {
    const first = await guestCartWith(1, 1000);
    const a = await register({ cartId: first.cart.id });
    expect(a.cart?.id).toBe(first.cart.id);
    // Later, on another device, as a guest: the same variant and a new one.
    const second = await createCart();
    await addItem(second.id, first.variantId, 2);
    const other = await seedVariant({ price: { amount: 700, currency: 'USD' } });
    await addItem(second.id, other.id, 1);

    const res = await login(a.customer.email, { cartId: second.id });
    const signedIn = await res.json<SignedIn>();
    expect(signedIn.cart?.id).toBe(first.cart.id);
    expect(signedIn.cart?.lines.map((l) => [l.variantId, l.quantity])).toEqual([
      [first.variantId, 3],
      [other.id, 1],
    ]);
    expect((await edgeFetch(`/api/carts/${second.id}`)).status).toBe(404);
  });

  it('leaves the guest cart alone when the account cart is locked by a checkout', async () => {
    const first = await guestCartWith(1);
    const a = await register({ cartId: first.cart.id });
    origin.failWith = 503; // the checkout's outcome is unknown: the account cart stays locked
    expect((await checkout(first.cart.id, newIdempotencyKey(), checkoutBody(), asCustomer(a))).status).toBe(503);
    origin.failWith = null;
    const guest = await guestCartWith(2);
    const res = await login(a.customer.email, { cartId: guest.cart.id });
    expect((await res.json<SignedIn>()).cart).toMatchObject({ id: first.cart.id, status: 'checking_out' });
    const kept = await edgeFetch(`/api/carts/${guest.cart.id}`);
    expect(kept.status).toBe(200);
    expect((await kept.json<Cart>()).totals.itemCount).toBe(2);
  });

  it("does not take another customer's cart on login", async () => {
    const a = await register();
    const b = await register();
    const { cart } = await guestCartWith(1);
    await login(a.customer.email, { cartId: cart.id });
    const res = await login(b.customer.email, { cartId: cart.id });
    expect((await res.json<SignedIn>()).cart).toBeNull();
    expect((await edgeFetch(`/api/carts/${cart.id}`, { headers: asCustomer(a) })).status).toBe(200);
  });

  it('POST /api/carts gives a signed-in shopper their one open cart', async () => {
    const a = await register();
    const first = await edgeFetch('/api/carts', { method: 'POST', headers: asCustomer(a) });
    const second = await edgeFetch('/api/carts', { method: 'POST', headers: asCustomer(a) });
    expect(first.status).toBe(201);
    const [c1, c2] = [await first.json<Cart>(), await second.json<Cart>()];
    expect(c2.id).toBe(c1.id);
    expect((await edgeFetch(`/api/carts/${c1.id}`)).status).toBe(404);
  });

  it("checks out the account cart as the customer's order; another customer gets 404", async () => {
    const a = await register();
    const b = await register();
    const { cart } = await guestCartWith(1);
    await login(a.customer.email, { cartId: cart.id });

    const foreign = await checkout(cart.id, newIdempotencyKey(), checkoutBody(), asCustomer(b));
    expect(foreign.status).toBe(404);
    const anonymous = await checkout(cart.id, newIdempotencyKey());
    expect(anonymous.status).toBe(404);

    const placed = await checkout(cart.id, newIdempotencyKey(), checkoutBody(), asCustomer(a));
    expect(placed.status).toBe(201);
    const { order } = await placed.json<CheckoutResponse>();
    expect(origin.orderService.received.at(-1)?.customerId).toBe(a.customer.id);

    // The order reads with A's session (no order token), not with B's.
    expect((await edgeFetch(`/api/orders/${order.id}`, { headers: asCustomer(a) })).status).toBe(200);
    expect((await edgeFetch(`/api/orders/${order.id}`, { headers: asCustomer(b) })).status).toBe(404);
    const mine = await edgeFetch('/api/me/orders', { headers: asCustomer(a) });
    expect((await mine.json<{ items: { id: string }[] }>()).items.map((o) => o.id)).toEqual([order.id]);
    const theirs = await edgeFetch('/api/me/orders', { headers: asCustomer(b) });
    expect((await theirs.json<{ items: unknown[] }>()).items).toEqual([]);

    // The converted cart is done: the account's next cart is a new one.
    const next = await edgeFetch('/api/carts', { method: 'POST', headers: asCustomer(a) });
    expect((await next.json<Cart>()).id).not.toBe(cart.id);
  });

  it('sends guest checkouts without a customer', async () => {
    const { cart } = await guestCartWith(1);
    expect((await checkout(cart.id, newIdempotencyKey())).status).toBe(201);
    expect(origin.orderService.received.at(-1)).not.toHaveProperty('customerId');
  });
});

describe('logout and expiry', () => {
  it('logout ends the session at the origin at once; the edge honours the token until it expires', async () => {
    const a = await register();
    const { cart } = await guestCartWith(1);
    await login(a.customer.email, { cartId: cart.id });
    const res = await edgeFetch('/api/auth/logout', { method: 'POST', headers: asCustomer(a) });
    expect(res.status).toBe(204);
    expect((await edgeFetch('/api/me', { headers: asCustomer(a) })).status).toBe(401);
    // Stateless at the edge: the cart still opens with the (unexpired) token; see the expiry test below.
    expect((await edgeFetch(`/api/carts/${cart.id}`, { headers: asCustomer(a) })).status).toBe(200);
    const refresh = await edgeFetch('/api/auth/refresh', jsonRequest('POST', { refreshToken: a.refreshToken }));
    expect(refresh.status).toBe(401);
  });

  it('an expired access token opens no cart: the shopper refreshes first', async () => {
    const a = await register();
    const { cart } = await guestCartWith(1);
    await login(a.customer.email, { cartId: cart.id });
    const expired = await accessToken(a.customer.id, { now: Date.now() - 600_000 });
    expect((await edgeFetch(`/api/carts/${cart.id}`, { headers: auth(expired) })).status).toBe(404);
    const refreshed = await edgeFetch('/api/auth/refresh', jsonRequest('POST', { refreshToken: a.refreshToken }));
    const session = await refreshed.json<AuthSession>();
    expect((await edgeFetch(`/api/carts/${cart.id}`, { headers: asCustomer(session) })).status).toBe(200);
  });

  it('needs a token or a refresh token to log out', async () => {
    const res = await edgeFetch('/api/auth/logout', { method: 'POST' });
    expect(res.status).toBe(401);
  });
});
