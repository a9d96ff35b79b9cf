import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseKeyRing, signAccessToken } from '../../contract/access-token';
import type { AuthSession, Customer } from '../../contract/customers';
import { customerPaths as paths } from '../../contract/customers';
import { checkoutRequest, getOrder, postCheckout, setupShipping, stockedVariant } from '../../test/support/checkout';
import {
  CUSTOMER_PASSWORD,
  edgeCall,
  FAST_CUSTOMER_HASHING,
  mailedToken,
  newEmail,
  registerCustomer,
} from '../../test/support/customers';
import { startTestOrigin, type TestOrigin } from '../../test/support/origin';
import { FAST_HASHING, staffSession } from '../../test/support/staff';

let t: TestOrigin;
let variantId: string;

beforeAll(async () => {
  t = await startTestOrigin({ ...FAST_HASHING, ...FAST_CUSTOMER_HASHING, ACCESS_TOKEN_TTL_SECONDS: '60' });
  await setupShipping(t);
  variantId = (await stockedVariant(t, 2500, 100)).id;
});
afterAll(() => t.close());

const json = async <T>(res: Response) => (await res.json()) as T;
const code = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;
const login = (email: string, password = CUSTOMER_PASSWORD) => edgeCall(t, 'POST', paths.login, { email, password });
const me = (token: string) => edgeCall(t, 'GET', paths.me, undefined, token);

async function placeOrder(email: string, customerId?: string) {
  const req = checkoutRequest([{ variantId, quantity: 1, unitPrice: 2500 }], { email, customerId });
  const res = await postCheckout(t, req);
  expect(res.status).toBe(201);
  return json<{ order: { id: string }; orderToken: string }>(res);
}

describe('registration', () => {
  it('creates the account (email lower-cased), a session, and mails a verification link', async () => {
    const email = newEmail();
    const session = await registerCustomer(t, email.toUpperCase(), 'Ada');
    expect(session.customer).toMatchObject({ email, name: 'Ada', emailVerified: false });
    expect(session.customer.id).toMatch(/^cus_[0-9A-Z]{26}$/);
    expect(session.expiresIn).toBe(60);
    expect(session.refreshToken).toMatch(/^rt_ses_/);
    expect(await mailedToken(t, email, '/account/verify')).toMatch(/^ev_/);
    expect(await json<Customer>(await me(session.accessToken))).toEqual(session.customer);
  });

  it('refuses a taken email (any case) with 409, and bad input with 400', async () => {
    const email = newEmail();
    await registerCustomer(t, email);
    const again = await edgeCall(t, 'POST', paths.register, {
      email: email.toUpperCase(),
      password: CUSTOMER_PASSWORD,
    });
    expect(again.status).toBe(409);
    expect(await code(again)).toBe('email_taken');
    for (const body of [
      { email: 'nope', password: CUSTOMER_PASSWORD },
      { email: newEmail(), password: 'short' },
      { email: newEmail(), password: CUSTOMER_PASSWORD, role: 'owner' },
      { email: newEmail() },
    ]) {
      const res = await edgeCall(t, 'POST', paths.register, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
  });

  it('refuses calls without the edge signature', async () => {
    const res = await t.origin.app.request(paths.register, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: newEmail(), password: CUSTOMER_PASSWORD }),
    });
    expect(res.status).toBe(401);
  });
});

describe('login', () => {
  it('logs in with the right password only; wrong ones are throttled per email', async () => {
    const email = newEmail();
    await registerCustomer(t, email);
    expect((await login(email)).status).toBe(200);
    const wrong = await login(email, 'wrong password here');
    expect(wrong.status).toBe(401);
    expect(await code(wrong)).toBe('invalid_credentials');
    expect((await login(newEmail())).status).toBe(401); // unknown email: the same answer
    for (let i = 0; i < 4; i++) await login(email, 'wrong password here');
    const locked = await login(email);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });
});

describe('sessions', () => {
  it('rotates the refresh token; a replayed one ends the session, a concurrent one does not', async () => {
    const first = await registerCustomer(t);
    const refreshed = await edgeCall(t, 'POST', paths.refresh, { refreshToken: first.refreshToken });
    expect(refreshed.status).toBe(200);
    const second = await json<AuthSession>(refreshed);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect((await me(second.accessToken)).status).toBe(200);
    // At once, the spent token is a concurrent refresh of the same client: refused, session kept.
    const concurrent = await edgeCall(t, 'POST', paths.refresh, { refreshToken: first.refreshToken });
    expect(concurrent.status).toBe(401);
    expect((await me(second.accessToken)).status).toBe(200);
    // Later (the rotation moved back past the grace), it is a replay: the session is gone.
    const key = `cust-session:${/^rt_(ses_[^.]+)\./.exec(first.refreshToken)?.[1]}`;
    const record = (await t.origin.ctx.cache.get<{ rotatedAt: number }>(key)) as { rotatedAt: number };
    await t.origin.ctx.cache.set(key, { ...record, rotatedAt: record.rotatedAt - 60_000 }, 3600);
    const replay = await edgeCall(t, 'POST', paths.refresh, { refreshToken: first.refreshToken });
    expect(replay.status).toBe(401);
    expect(await code(replay)).toBe('invalid_refresh_token');
    expect((await edgeCall(t, 'POST', paths.refresh, { refreshToken: second.refreshToken })).status).toBe(401);
    expect((await me(second.accessToken)).status).toBe(401);
  });

  it('logout ends the session at once at the origin', async () => {
    const session = await registerCustomer(t);
    const out = await edgeCall(t, 'POST', paths.logout, {}, session.accessToken);
    expect(out.status).toBe(204);
    expect((await me(session.accessToken)).status).toBe(401);
    expect((await edgeCall(t, 'POST', paths.refresh, { refreshToken: session.refreshToken })).status).toBe(401);
  });

  it('refuses tampered, foreign-key and garbage tokens', async () => {
    const session = await registerCustomer(t);
    const [h, p, s] = session.accessToken.split('.') as [string, string, string];
    const flipped = `${h}.${p}.${s.startsWith('A') ? `B${s.slice(1)}` : `A${s.slice(1)}`}`;
    expect((await me(flipped)).status).toBe(401);
    const claims = JSON.parse(atob(p.replace(/-/g, '+').replace(/_/g, '/')));
    const forged = await signAccessToken(parseKeyRing('dev-1:an-attackers-own-key-of-32-characters'), claims);
    expect((await me(forged)).status).toBe(401);
    expect((await me('garbage')).status).toBe(401);
    expect((await edgeCall(t, 'GET', paths.me)).status).toBe(401);
    expect((await edgeCall(t, 'POST', paths.refresh, { refreshToken: 'rt_ses_nope.nope' })).status).toBe(401);
  });

  it('a password change ends every session and hands out a fresh one', async () => {
    const email = newEmail();
    const a = await registerCustomer(t, email);
    const b = await json<AuthSession>(await login(email));
    const wrong = await edgeCall(
      t,
      'POST',
      paths.changePassword,
      { currentPassword: 'not the password', newPassword: 'a brand new password' },
      a.accessToken,
    );
    expect(wrong.status).toBe(401);
    const changed = await edgeCall(
      t,
      'POST',
      paths.changePassword,
      { currentPassword: CUSTOMER_PASSWORD, newPassword: 'a brand new password' },
      a.accessToken,
    );
    expect(changed.status).toBe(200);
    const fresh = await json<AuthSession>(changed);
    for (const old of [a, b]) {
      expect((await me(old.accessToken)).status).toBe(401);
      expect((await edgeCall(t, 'POST', paths.refresh, { refreshToken: old.refreshToken })).status).toBe(401);
    }
    expect((await me(fresh.accessToken)).status).toBe(200);
    expect((await login(email)).status).toBe(401);
    expect((await login(email, 'a brand new password')).status).toBe(200);
  });
});

describe('password reset', () => {
  it('always answers 202, mails a single-use link, and the reset ends every session', async () => {
    expect((await edgeCall(t, 'POST', paths.requestReset, { email: newEmail() })).status).toBe(202);
    const email = newEmail();
    const session = await registerCustomer(t, email);
    expect((await edgeCall(t, 'POST', paths.requestReset, { email })).status).toBe(202);
    const token = await mailedToken(t, email, '/account/reset');
    const confirm = () => edgeCall(t, 'POST', paths.confirmReset, { token, password: 'the reset password' });
    expect((await confirm()).status).toBe(204);
    const again = await confirm();
    expect(again.status).toBe(400);
    expect(await code(again)).toBe('invalid_token');
    expect((await me(session.accessToken)).status).toBe(401);
    const after = await json<AuthSession>(await login(email, 'the reset password'));
    expect(after.customer.emailVerified).toBe(true); // the link proved the mailbox
  });

  it('refuses an expired or made-up token', async () => {
    const short = await startTestOrigin({ ...FAST_CUSTOMER_HASHING, PASSWORD_RESET_TTL_SECONDS: '60' });
    try {
      const email = newEmail();
      await registerCustomer(short, email);
      await edgeCall(short, 'POST', paths.requestReset, { email });
      const token = await mailedToken(short, email, '/account/reset');
      await short.origin.ctx.db.execute(
        "update customer_tokens set expires_at = now() - interval '1 second' where purpose = 'reset_password'",
      );
      const res = await edgeCall(short, 'POST', paths.confirmReset, { token, password: 'the reset password' });
      expect(res.status).toBe(400);
      const made = await edgeCall(short, 'POST', paths.confirmReset, {
        token: 'pr_made-up',
        password: 'whatever long',
      });
      expect(made.status).toBe(400);
    } finally {
      await short.close();
    }
  });
});

describe('hardening', () => {
  const sidOf = (s: AuthSession) => /^rt_(ses_[^.]+)\./.exec(s.refreshToken)?.[1] as string;

  it('logs out with an expired access token too (a shopper idle past its lifetime)', async () => {
    const a = await registerCustomer(t);
    const iat = Math.floor(Date.now() / 1000) - 3600;
    const expired = await signAccessToken(t.config.customers.authKeys, {
      iss: 'edgeshop',
      aud: 'shopper',
      sub: a.customer.id,
      sid: sidOf(a),
      iat,
      exp: iat + 60,
    });
    expect((await me(expired)).status).toBe(401); // expired: no access
    expect((await edgeCall(t, 'POST', paths.logout, {}, expired)).status).toBe(204);
    expect((await edgeCall(t, 'POST', paths.refresh, { refreshToken: a.refreshToken })).status).toBe(401);
  });

  it('ends a session by refresh token only when its secret matches', async () => {
    const a = await registerCustomer(t);
    const guessed = `rt_${sidOf(a)}.${'A'.repeat(43)}`;
    expect((await edgeCall(t, 'POST', paths.logout, { refreshToken: guessed })).status).toBe(204);
    expect((await me(a.accessToken)).status).toBe(200); // still alive
    expect((await edgeCall(t, 'POST', paths.logout, { refreshToken: a.refreshToken })).status).toBe(204);
    expect((await me(a.accessToken)).status).toBe(401);
  });

  it('a refresh that writes its record back after a logout does not revive the session', async () => {
    const a = await registerCustomer(t);
    const key = `cust-session:${sidOf(a)}`;
    const record = await t.origin.ctx.cache.get(key);
    expect(record).not.toBeNull();
    await edgeCall(t, 'POST', paths.logout, {}, a.accessToken);
    await t.origin.ctx.cache.set(key, record, 3600); // the late write of a refresh in flight
    expect((await me(a.accessToken)).status).toBe(401);
    expect((await edgeCall(t, 'POST', paths.refresh, { refreshToken: a.refreshToken })).status).toBe(401);
  });

  it('a reset or a password change kills every reset link still unused', async () => {
    const email = newEmail();
    await registerCustomer(t, email);
    await edgeCall(t, 'POST', paths.requestReset, { email });
    const first = await mailedToken(t, email, '/account/reset');
    await edgeCall(t, 'POST', paths.requestReset, { email });
    const second = await mailedToken(t, email, '/account/reset');
    expect(second).not.toBe(first);
    expect(
      (await edgeCall(t, 'POST', paths.confirmReset, { token: second, password: 'reset one password' })).status,
    ).toBe(204);
    expect(
      (await edgeCall(t, 'POST', paths.confirmReset, { token: first, password: 'reset two password' })).status,
    ).toBe(400);
    await edgeCall(t, 'POST', paths.requestReset, { email });
    const third = await mailedToken(t, email, '/account/reset');
    const session = await json<AuthSession>(await login(email, 'reset one password'));
    await edgeCall(
      t,
      'POST',
      paths.changePassword,
      { currentPassword: 'reset one password', newPassword: 'changed password here' },
      session.accessToken,
    );
    expect(
      (await edgeCall(t, 'POST', paths.confirmReset, { token: third, password: 'reset three password' })).status,
    ).toBe(400);
  });

  it('verifies an email only signed in as the account it was mailed to; a stranger cannot spend the link', async () => {
    const email = newEmail();
    const owner = await registerCustomer(t, email);
    const stranger = await registerCustomer(t);
    const token = await mailedToken(t, email, '/account/verify');
    expect((await edgeCall(t, 'POST', paths.verifyEmail, { token })).status).toBe(401);
    expect((await edgeCall(t, 'POST', paths.verifyEmail, { token }, stranger.accessToken)).status).toBe(400);
    const ok = await edgeCall(t, 'POST', paths.verifyEmail, { token }, owner.accessToken);
    expect(await json<Customer>(ok)).toMatchObject({ id: owner.customer.id, emailVerified: true });
    expect(await json<Customer>(await me(stranger.accessToken))).toMatchObject({ emailVerified: false });
  });
});

describe('orders of a customer', () => {
  it('stores the customer on the order, lists only their orders, and reads them by session', async () => {
    const a = await registerCustomer(t);
    const b = await registerCustomer(t);
    const placed = await placeOrder(a.customer.email, a.customer.id);
    const other = await placeOrder(b.customer.email, b.customer.id);

    const list = await json<{ items: { id: string }[]; nextCursor: string | null }>(
      await edgeCall(t, 'GET', paths.myOrders, undefined, a.accessToken),
    );
    expect(list.items.map((o) => o.id)).toEqual([placed.order.id]);

    const read = (id: string, token: string) => edgeCall(t, 'GET', `/internal/orders/${id}`, undefined, token);
    expect((await read(placed.order.id, a.accessToken)).status).toBe(200);
    expect((await read(other.order.id, a.accessToken)).status).toBe(404);
    expect(
      (await edgeCall(t, 'GET', `/internal/orders/${placed.order.id}/tracking`, undefined, a.accessToken)).status,
    ).toBe(200);
    expect(
      (await edgeCall(t, 'GET', `/internal/orders/${placed.order.id}/tracking`, undefined, b.accessToken)).status,
    ).toBe(404);
    // The order token still works for guests' links.
    expect((await getOrder(t, placed.order.id, placed.orderToken)).status).toBe(200);
  });

  it('pages through the orders newest first', async () => {
    const a = await registerCustomer(t);
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await placeOrder(a.customer.email, a.customer.id)).order.id);
    const page1 = await json<{ items: { id: string }[]; nextCursor: string }>(
      await edgeCall(t, 'GET', `${paths.myOrders}?limit=2`, undefined, a.accessToken),
    );
    expect(page1.items.map((o) => o.id)).toEqual([ids[2], ids[1]]);
    const page2 = await json<{ items: { id: string }[]; nextCursor: string | null }>(
      await edgeCall(t, 'GET', `${paths.myOrders}?limit=2&cursor=${page1.nextCursor}`, undefined, a.accessToken),
    );
    expect(page2).toEqual({ items: [expect.objectContaining({ id: ids[0] })], nextCursor: null });
    expect((await edgeCall(t, 'GET', `${paths.myOrders}?cursor=bad`, undefined, a.accessToken)).status).toBe(400);
  });

  it('refuses an order for a customer that does not exist, without a 500', async () => {
    const req = checkoutRequest([{ variantId, quantity: 1, unitPrice: 2500 }], {
      customerId: 'cus_00000000000000000000000000',
    });
    const res = await postCheckout(t, req);
    expect(res.status).toBe(404);
    expect(await code(res)).toBe('customer_not_found');
  });

  it('claims guest orders of the verified email only: not before verification, not others', async () => {
    const email = newEmail();
    const guest1 = await placeOrder(email);
    const guest2 = await placeOrder(email.toUpperCase());
    const otherGuest = await placeOrder(newEmail());
    const a = await registerCustomer(t, email);
    const claim = () => edgeCall(t, 'POST', paths.claimOrders, {}, a.accessToken);

    const early = await claim();
    expect(early.status).toBe(403);
    expect(await code(early)).toBe('email_not_verified');

    const token = await mailedToken(t, email, '/account/verify');
    const verified = await edgeCall(t, 'POST', paths.verifyEmail, { token }, a.accessToken);
    expect(await json<Customer>(verified)).toMatchObject({ emailVerified: true });
    expect((await edgeCall(t, 'POST', paths.verifyEmail, { token }, a.accessToken)).status).toBe(400); // single use

    const claimed = await json<{ claimed: string[] }>(await claim());
    expect(claimed.claimed).toEqual([guest1.order.id, guest2.order.id].sort());
    expect(claimed.claimed).not.toContain(otherGuest.order.id);
    expect(await json(await claim())).toEqual({ claimed: [] }); // idempotent
    const list = await json<{ items: { id: string }[] }>(
      await edgeCall(t, 'GET', paths.myOrders, undefined, a.accessToken),
    );
    expect(list.items.map((o) => o.id).sort()).toEqual([guest1.order.id, guest2.order.id].sort());
  });
});

describe('merchant view', () => {
  it('lists and shows customers to support staff, never to fulfilment, and never their password hash', async () => {
    const email = newEmail();
    const a = await registerCustomer(t, email);
    await placeOrder(email, a.customer.id);
    const support = await staffSession(t, 'support');
    const list = await support.call('GET', `/admin/customers?email=${encodeURIComponent(email.slice(0, 12))}`);
    expect(list.status).toBe(200);
    const body = await list.text();
    expect(body).toContain(a.customer.id);
    expect(body).not.toContain('pbkdf2');
    const one = await support.call('GET', `/admin/customers/${a.customer.id}`);
    expect(await one.json()).toMatchObject({ id: a.customer.id, orderCount: 1 });
    const packer = await staffSession(t, 'fulfilment');
    expect((await packer.call('GET', '/admin/customers')).status).toBe(403);
    expect((await support.call('GET', '/admin/customers/cus_00000000000000000000000000')).status).toBe(404);
  });
});
