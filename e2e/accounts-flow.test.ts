/**
 * Customer accounts end to end, as a shopper with curl would go: through the real edge
 * (`wrangler dev`) and the real origin (Bun, PGlite), emails read from the origin's dev mailbox.
 * Guest order → register → guest cart kept across login → an order of the account → my orders →
 * verify the email and claim the guest order → reset the password (old sessions die) → and a
 * fulfilment staff member who can ship but not change a price.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProductPage } from '../contract/catalog';
import type { AuthSession } from '../contract/customers';
import type { CheckoutResponse } from '../contract/orders';
import { LOAD_TEST_LIMITS, type Stack, startStack } from '../scripts/lib/stack.mjs';
import { call, json } from '../test/support/http';

let stack: Stack;
const email = `grace-${Date.now()}@example.com`;
const PASSWORD = 'first password, long enough';
const NEW_PASSWORD = 'second password, long enough';
const address = { name: 'Grace Hopper', line1: '1 Navy Yard', city: 'Boston', postalCode: '02129', country: 'US' };

const edge = (path: string, init: RequestInit = {}) => call(stack.edgeUrl, path, init);
const bearer = (s: AuthSession) => ({ authorization: `Bearer ${s.accessToken}` });
const owner = (path: string, init: RequestInit = {}) =>
  call(stack.originUrl, path, {
    ...init,
    headers: { authorization: `Bearer ${stack.adminToken}`, 'content-type': 'application/json', ...init.headers },
  });

/** The newest one-time token mailed to `to` whose link contains `path`. */
async function mailedToken(to: string, path: string): Promise<string> {
  const { body } = await call(stack.originUrl, `/dev/mailbox?to=${encodeURIComponent(to)}`);
  const items = (body?.items ?? []) as { text: string }[];
  for (const item of [...items].reverse()) {
    const match = new RegExp(`${path}\\?token=([A-Za-z0-9_.~-]+)`).exec(item.text);
    if (match?.[1]) return match[1];
  }
  throw new Error(`no ${path} mail for ${to}: ${JSON.stringify(body)}`);
}

let variantId: string;
async function guestCart(quantity: number): Promise<string> {
  const cartId = (await edge('/api/carts', { method: 'POST' })).body.id as string;
  const added = await edge(`/api/carts/${cartId}/items`, json('POST', { variantId, quantity }));
  expect(added.status).toBe(200);
  return cartId;
}

beforeAll(async () => {
  stack = await startStack({ edgeVars: LOAD_TEST_LIMITS, seedProducts: 24, log: Boolean(process.env.E2E_LOG) });
  const list = (await edge('/api/products?limit=20')).body as ProductPage;
  for (const item of list.items) {
    const product = (await edge(`/api/products/${item.slug}`)).body;
    const found = product.variants.find(
      (v: { available: boolean; price: { amount: number } }) => v.available && v.price.amount <= 10_000,
    );
    if (found) {
      variantId = found.id;
      break;
    }
  }
  if (!variantId) throw new Error('no cheap available variant in the demo catalog');
}, 180_000);
afterAll(async () => {
  await stack?.stop();
}, 60_000);

describe('a shopper with an account', () => {
  let guestOrderId: string;
  let session: AuthSession;
  let accountOrderId: string;

  it('orders as a guest first', async () => {
    const cartId = await guestCart(1);
    const res = await edge(
      `/api/carts/${cartId}/checkout`,
      json('POST', { email, shippingAddress: address, paymentMethod: 'cod' }, { 'idempotency-key': `g-${Date.now()}` }),
    );
    expect(res.status).toBe(201);
    guestOrderId = (res.body as CheckoutResponse).order.id;
  });

  it('registers, and is mailed a verification link', async () => {
    const res = await edge('/api/auth/register', json('POST', { email, password: PASSWORD, name: 'Grace' }));
    expect(res.status).toBe(201);
    session = res.body as AuthSession;
    expect(session.customer).toMatchObject({ email, name: 'Grace', emailVerified: false });
    expect(await mailedToken(email, '/account/verify')).toBeTruthy();
    const me = await edge('/api/me', { headers: bearer(session) });
    expect(me).toMatchObject({ status: 200, body: { email } });
  });

  it('fills a cart as a guest and keeps it after logging in', async () => {
    const out = await edge('/api/auth/logout', json('POST', { refreshToken: session.refreshToken }, bearer(session)));
    expect(out.status).toBe(204);
    expect((await edge('/api/me', { headers: bearer(session) })).status).toBe(401);
    const cartId = await guestCart(2);
    const res = await edge('/api/auth/login', json('POST', { email, password: PASSWORD, cartId }));
    expect(res.status).toBe(200);
    session = res.body as AuthSession;
    const cart = (res.body as { cart: { id: string; lines: { variantId: string; quantity: number }[] } }).cart;
    expect(cart.lines).toEqual([expect.objectContaining({ variantId, quantity: 2 })]);
    // The cart is the account's now: its id alone no longer opens it.
    expect((await edge(`/api/carts/${cart.id}`)).status).toBe(404);
    expect((await edge(`/api/carts/${cart.id}`, { headers: bearer(session) })).status).toBe(200);

    const placed = await edge(
      `/api/carts/${cart.id}/checkout`,
      json(
        'POST',
        { email, shippingAddress: address, paymentMethod: 'cod' },
        { ...bearer(session), 'idempotency-key': `a-${Date.now()}` },
      ),
    );
    expect(placed.status).toBe(201);
    accountOrderId = (placed.body as CheckoutResponse).order.id;
  });

  it('sees its orders, and reads one with its session alone', async () => {
    const mine = await edge('/api/me/orders', { headers: bearer(session) });
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((o: { id: string }) => o.id)).toEqual([accountOrderId]);
    expect((await edge(`/api/orders/${accountOrderId}`, { headers: bearer(session) })).status).toBe(200);
    expect((await edge(`/api/orders/${guestOrderId}`, { headers: bearer(session) })).status).toBe(404);
  });

  it('claims the guest order only once its email is verified', async () => {
    const early = await edge('/api/me/orders/claim', { method: 'POST', headers: bearer(session) });
    expect(early.status).toBe(403);
    const token = await mailedToken(email, '/account/verify');
    // The link works signed in as the account it was mailed to, not anonymously.
    expect((await edge('/api/auth/verify-email', json('POST', { token }))).status).toBe(401);
    const verified = await edge('/api/auth/verify-email', json('POST', { token }, bearer(session)));
    expect(verified).toMatchObject({ status: 200, body: { emailVerified: true } });
    const claim = await edge('/api/me/orders/claim', { method: 'POST', headers: bearer(session) });
    expect(claim).toMatchObject({ status: 200, body: { claimed: [guestOrderId] } });
    const mine = await edge('/api/me/orders', { headers: bearer(session) });
    expect(mine.body.items.map((o: { id: string }) => o.id).sort()).toEqual([accountOrderId, guestOrderId].sort());
  });

  it('resets a forgotten password by mail; the old sessions stop working', async () => {
    expect((await edge('/api/auth/password-reset', json('POST', { email }))).status).toBe(202);
    const token = await mailedToken(email, '/account/reset');
    const reset = await edge('/api/auth/password-reset/confirm', json('POST', { token, password: NEW_PASSWORD }));
    expect(reset.status).toBe(204);
    expect(
      (await edge('/api/auth/password-reset/confirm', json('POST', { token, password: NEW_PASSWORD }))).status,
    ).toBe(400);
    expect((await edge('/api/auth/refresh', json('POST', { refreshToken: session.refreshToken }))).status).toBe(401);
    expect((await edge('/api/me', { headers: bearer(session) })).status).toBe(401);
    expect((await edge('/api/auth/login', json('POST', { email, password: PASSWORD }))).status).toBe(401);
    const again = await edge('/api/auth/login', json('POST', { email, password: NEW_PASSWORD }));
    expect(again.status).toBe(200);
  });
});

describe('a fulfilment staff member', () => {
  it('ships an order but cannot change a price', async () => {
    const staffEmail = `packer-${Date.now()}@example.com`;
    const created = await owner(
      '/admin/staff',
      json('POST', { email: staffEmail, name: 'Packer', role: 'fulfilment', password: 'packer password long' }),
    );
    expect(created.status).toBe(201);
    const login = await call(
      stack.originUrl,
      '/admin/auth/login',
      json('POST', { email: staffEmail, password: 'packer password long' }),
    );
    expect(login.status).toBe(200);
    const packer = { authorization: `Bearer ${login.body.token}` };

    const cartId = await guestCart(1);
    const placed = await edge(
      `/api/carts/${cartId}/checkout`,
      json('POST', { email, shippingAddress: address, paymentMethod: 'cod' }, { 'idempotency-key': `s-${Date.now()}` }),
    );
    const orderId = (placed.body as CheckoutResponse).order.id;
    const shipped = await call(stack.originUrl, `/admin/orders/${orderId}/shipments`, json('POST', {}, packer));
    expect(shipped.status).toBe(201);
    const reprice = await call(
      stack.originUrl,
      `/admin/variants/${variantId}`,
      json('PATCH', { price: { amount: 1, currency: 'USD' } }, packer),
    );
    expect(reprice.status).toBe(403);
  });
});
