/**
 * Customer accounts end to end, as a shopper with curl would go: through the real edge
 * (`wrangler dev`) and the real origin (Bun, PGlite), emails read from the origin's dev mailbox.
 * Guest order → register → guest cart kept across login → an order of the account → my orders →
 * verify the email and claim the guest order → reset the password (old sessions die) → and a
 * fulfilment staff member who can ship but not change a price.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthSession } from '../contract/customers';
import { LOAD_TEST_LIMITS, type Stack, startStack } from '../scripts/lib/stack.mjs';
import { adminApi, answer, call, expectStatus, shopperApi } from '../test/support/http';

let stack: Stack;
/** The shopper API at the edge, typed by its definitions. */
let shop: ReturnType<typeof shopperApi>;
const email = `grace-${Date.now()}@example.com`;
const PASSWORD = 'first password, long enough';
const NEW_PASSWORD = 'second password, long enough';
const address = { name: 'Grace Hopper', line1: '1 Navy Yard', city: 'Boston', postalCode: '02129', country: 'US' };

const bearer = (s: AuthSession) => ({ headers: { authorization: `Bearer ${s.accessToken}` } });

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
  const cartId = (await expectStatus(shop.api.carts.$post(), 201)).id;
  const added = await answer(
    shop.api.carts[':id'].items.$post({ param: { id: cartId }, json: { variantId, quantity } }),
  );
  expect(added.status).toBe(200);
  return cartId;
}

/** A cash-on-delivery checkout of `cartId` to the account's email and address. */
function checkout(cartId: string, idempotencyKey: string, session?: AuthSession) {
  return answer(
    shop.api.carts[':id'].checkout.$post(
      { param: { id: cartId }, json: { email, shippingAddress: address, paymentMethod: 'cod' } },
      { headers: { ...(session ? bearer(session).headers : {}), 'idempotency-key': idempotencyKey } },
    ),
  );
}

beforeAll(async () => {
  stack = await startStack({ edgeVars: LOAD_TEST_LIMITS, seedProducts: 24, log: Boolean(process.env.E2E_LOG) });
  shop = shopperApi(stack.edgeUrl);
  const list = await expectStatus(shop.api.products.$get({ query: { limit: '20' } }), 200);
  for (const item of list.items) {
    const product = await expectStatus(shop.api.products[':slug'].$get({ param: { slug: item.slug } }), 200);
    const found = product.variants.find((v) => v.available && v.price.amount <= 10_000);
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
    const res = await checkout(cartId, `g-${Date.now()}`);
    expect(res.status).toBe(201);
    if (res.status === 201) guestOrderId = res.body.order.id;
  });

  it('registers, and is mailed a verification link', async () => {
    session = await expectStatus(
      shop.api.auth.register.$post({ json: { email, password: PASSWORD, name: 'Grace' } }),
      201,
    );
    expect(session.customer).toMatchObject({ email, name: 'Grace', emailVerified: false });
    expect(await mailedToken(email, '/account/verify')).toBeTruthy();
    const me = await answer(shop.api.me.$get({}, bearer(session)));
    expect(me).toMatchObject({ status: 200, body: { email } });
  });

  it('fills a cart as a guest and keeps it after logging in', async () => {
    // The logout route documents no body, though it reads an optional one: sent as JSON here.
    const out = await answer(
      shop.api.auth.logout.$post(
        {},
        {
          init: { body: JSON.stringify({ refreshToken: session.refreshToken }) },
          headers: { ...bearer(session).headers, 'content-type': 'application/json' },
        },
      ),
    );
    expect(out.status).toBe(204);
    expect((await shop.api.me.$get({}, bearer(session))).status).toBe(401);
    const cartId = await guestCart(2);
    const signedIn = await expectStatus(
      shop.api.auth.login.$post({ json: { email, password: PASSWORD, cartId } }),
      200,
    );
    session = signedIn;
    const cart = signedIn.cart;
    if (!cart) throw new Error('the login answer has no cart');
    expect(cart.lines).toEqual([expect.objectContaining({ variantId, quantity: 2 })]);
    // The cart is the account's now: its id alone no longer opens it.
    const openCart = shop.api.carts[':id'];
    expect((await openCart.$get({ param: { id: cart.id } })).status).toBe(404);
    expect((await openCart.$get({ param: { id: cart.id } }, bearer(session))).status).toBe(200);

    const placed = await checkout(cart.id, `a-${Date.now()}`, session);
    expect(placed.status).toBe(201);
    if (placed.status === 201) accountOrderId = placed.body.order.id;
  });

  it('sees its orders, and reads one with its session alone', async () => {
    const mine = await expectStatus(shop.api.me.orders.$get({ query: {} }, bearer(session)), 200);
    expect(mine.items.map((o) => o.id)).toEqual([accountOrderId]);
    const order = shop.api.orders[':id'];
    expect((await order.$get({ param: { id: accountOrderId } }, bearer(session))).status).toBe(200);
    expect((await order.$get({ param: { id: guestOrderId } }, bearer(session))).status).toBe(404);
  });

  it('claims the guest order only once its email is verified', async () => {
    const claimOrders = () => answer(shop.api.me.orders.claim.$post({}, bearer(session)));
    expect((await claimOrders()).status).toBe(403);
    const token = await mailedToken(email, '/account/verify');
    // The link works signed in as the account it was mailed to, not anonymously.
    const verify = shop.api.auth['verify-email'];
    expect((await verify.$post({ json: { token } })).status).toBe(401);
    const verified = await answer(verify.$post({ json: { token } }, bearer(session)));
    expect(verified).toMatchObject({ status: 200, body: { emailVerified: true } });
    expect(await claimOrders()).toMatchObject({ status: 200, body: { claimed: [guestOrderId] } });
    const mine = await expectStatus(shop.api.me.orders.$get({ query: {} }, bearer(session)), 200);
    expect(mine.items.map((o) => o.id).sort()).toEqual([accountOrderId, guestOrderId].sort());
  });

  it('resets a forgotten password by mail; the old sessions stop working', async () => {
    const auth = shop.api.auth;
    expect((await auth['password-reset'].$post({ json: { email } })).status).toBe(202);
    const token = await mailedToken(email, '/account/reset');
    const confirm = () => auth['password-reset'].confirm.$post({ json: { token, password: NEW_PASSWORD } });
    expect((await confirm()).status).toBe(204);
    expect((await confirm()).status).toBe(400);
    expect((await auth.refresh.$post({ json: { refreshToken: session.refreshToken } })).status).toBe(401);
    expect((await shop.api.me.$get({}, bearer(session))).status).toBe(401);
    expect((await auth.login.$post({ json: { email, password: PASSWORD } })).status).toBe(401);
    expect((await auth.login.$post({ json: { email, password: NEW_PASSWORD } })).status).toBe(200);
  });
});

describe('a fulfilment staff member', () => {
  it('ships an order but cannot change a price', async () => {
    const staffEmail = `packer-${Date.now()}@example.com`;
    const owner = adminApi(stack.originUrl, stack.adminToken);
    const created = await answer(
      owner.admin.staff.$post({
        query: {},
        json: { email: staffEmail, name: 'Packer', role: 'fulfilment', password: 'packer password long' },
      }),
    );
    expect(created.status).toBe(201);
    // The login route needs no credential: the owner's client sends one the route ignores.
    const login = await expectStatus(
      owner.admin.auth.login.$post({ query: {}, json: { email: staffEmail, password: 'packer password long' } }),
      200,
    );
    const packer = adminApi(stack.originUrl, login.token);

    const cartId = await guestCart(1);
    const placed = await checkout(cartId, `s-${Date.now()}`);
    if (placed.status !== 201) throw new Error(`checkout: ${placed.status} ${JSON.stringify(placed.body)}`);
    const orderId = placed.body.order.id;
    const shipped = await answer(packer.admin.orders[':id'].shipments.$post({ param: { id: orderId }, json: {} }));
    expect(shipped.status).toBe(201);
    const reprice = await answer(
      packer.admin.variants[':variantId'].$patch({
        param: { variantId },
        json: { price: { amount: 1, currency: 'USD' } },
      }),
    );
    expect(reprice.status).toBe(403);
  });
});
