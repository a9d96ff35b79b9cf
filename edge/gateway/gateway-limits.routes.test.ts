import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { newIdempotencyKey } from '../../test/edge/checkout-helpers';
import { edgeFetch, jsonRequest, randomClientIp } from '../../test/edge/edge-fetch';
import { accessToken } from '../../test/edge/sessions';
import { readConfig } from '../lib/config';

// Refusals are logged at info level; keep the test output readable.
beforeEach(() => vi.spyOn(console, 'info').mockImplementation(() => {}));
afterEach(() => vi.restoreAllMocks());

// wrangler.toml's limits, which the edge project runs with: API 600/min, checkout and auth 10/min.
const EXACT_LIMIT = 10;

/** A login attempt the route itself refuses (400: empty password), so no origin is needed; the limit counts it. */
function login(ip: string, email = `${crypto.randomUUID()}@example.com`): Promise<Response> {
  return edgeFetch('/api/auth/login', jsonRequest('POST', { email, password: '' }, { 'cf-connecting-ip': ip }));
}

function checkout(ip: string, cartId: string): Promise<Response> {
  return edgeFetch(
    `/api/carts/${cartId}/checkout`,
    jsonRequest('POST', {}, { 'cf-connecting-ip': ip, 'idempotency-key': newIdempotencyKey() }),
  );
}

/**
 * The storefront's checkout form as a browser posts it, for a cart cookie that names no cart:
 * the page sends the shopper back to the cart (303) without calling the origin; the limit counts it.
 */
function checkoutForm(ip: string, cartId: string): Promise<Response> {
  return edgeFetch('/checkout', {
    method: 'POST',
    headers: {
      'cf-connecting-ip': ip,
      'content-type': 'application/x-www-form-urlencoded',
      cookie: `cart_id=${cartId}`,
    },
    body: new URLSearchParams({ key: newIdempotencyKey(), email: 'ada@example.com' }).toString(),
    redirect: 'manual',
  });
}

/** Opening a conversation with a body the route refuses (400: unknown field), so nothing is created; the limit counts it. */
function openConversation(ip: string, headers: Record<string, string> = {}): Promise<Response> {
  return edgeFetch('/api/conversations', jsonRequest('POST', { bogus: true }, { 'cf-connecting-ip': ip, ...headers }));
}

async function statuses(calls: (() => Promise<Response>)[]): Promise<number[]> {
  const out: number[] = [];
  for (const call of calls) out.push((await call()).status);
  return out;
}

const times = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));

describe('auth limit on /api/auth/*', () => {
  it('answers the 11th attempt a minute from one IP with 429 and Retry-After, before any route', async () => {
    const ip = randomClientIp();
    const before = await statuses(times(EXACT_LIMIT, () => () => login(ip)));
    expect(before.every((s) => s === 400)).toBe(true);
    const refused = await login(ip);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(6);
    expect(await refused.json()).toMatchObject({ error: { code: 'rate_limited' } });
    expect(refused.headers.get('x-request-id')).toMatch(/^req_/);
    expect(refused.headers.get('x-content-type-options')).toBe('nosniff');

    expect((await login(randomClientIp())).status).toBe(400); // another IP
    const cart = await edgeFetch('/api/carts', { method: 'POST', headers: { 'cf-connecting-ip': ip } });
    expect(cart.status).toBe(201); // another class
  });

  it('limits attempts against one account from many IPs', async () => {
    const email = `${crypto.randomUUID()}@example.com`;
    await statuses(times(EXACT_LIMIT, () => () => login(randomClientIp(), email)));
    expect((await login(randomClientIp(), email.toUpperCase())).status).toBe(429);
    expect((await login(randomClientIp())).status).toBe(400);
  });

  it('limits one bearer token from many IPs', async () => {
    const headers = (ip: string) => ({ 'cf-connecting-ip': ip, authorization: 'Bearer session-abc' });
    await statuses(times(EXACT_LIMIT, () => () => edgeFetch('/api/auth/me', { headers: headers(randomClientIp()) })));
    expect((await edgeFetch('/api/auth/me', { headers: headers(randomClientIp()) })).status).toBe(429);
  });
});

describe('checkout limit', () => {
  it('limits checkouts per IP, whatever the cart', async () => {
    const ip = randomClientIp();
    const before = await statuses(times(EXACT_LIMIT, () => () => checkout(ip, `cart-${crypto.randomUUID()}`)));
    expect(before).not.toContain(429);
    expect((await checkout(ip, `cart-${crypto.randomUUID()}`)).status).toBe(429);
  });

  it('limits checkouts per cart, whatever the IP', async () => {
    const cartId = `cart-${crypto.randomUUID()}`;
    const before = await statuses(times(EXACT_LIMIT, () => () => checkout(randomClientIp(), cartId)));
    expect(before).not.toContain(429);
    expect((await checkout(randomClientIp(), cartId)).status).toBe(429);
  });
});

describe('checkout limit on the storefront form', () => {
  it('limits POST /checkout per IP, whatever the cart', async () => {
    const ip = randomClientIp();
    const before = await statuses(times(EXACT_LIMIT, () => () => checkoutForm(ip, `cart-${crypto.randomUUID()}`)));
    expect(before).toEqual(times(EXACT_LIMIT, () => 303));
    const refused = await checkoutForm(ip, `cart-${crypto.randomUUID()}`);
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ error: { code: 'rate_limited' } });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });

  it('limits POST /checkout per cart cookie, whatever the IP', async () => {
    const cartId = `cart-${crypto.randomUUID()}`;
    await statuses(times(EXACT_LIMIT, () => () => checkoutForm(randomClientIp(), cartId)));
    expect((await checkoutForm(randomClientIp(), cartId)).status).toBe(429);
  });

  it('shares the buckets of the API checkout: the form is no second door', async () => {
    const ip = randomClientIp();
    const cartId = `cart-${crypto.randomUUID()}`;
    const half = EXACT_LIMIT / 2;
    await statuses(times(half, () => () => checkout(ip, cartId)));
    await statuses(times(half, () => () => checkoutForm(ip, cartId)));
    expect((await checkout(ip, cartId)).status).toBe(429);
    expect((await checkoutForm(ip, cartId)).status).toBe(429);
  });

  it('leaves the checkout page itself (GET) to the API-wide limit', async () => {
    const ip = randomClientIp();
    const pages = await statuses(
      times(EXACT_LIMIT + 2, () => () => edgeFetch('/checkout', { headers: { 'cf-connecting-ip': ip } })),
    );
    expect(pages).not.toContain(429);
  });
});

describe('conversation limit on opening a support conversation', () => {
  const rule = () => {
    const limit = readConfig(env).rateLimits.conversations;
    if (!limit) throw new Error('wrangler.toml switches the conversation class off');
    return limit;
  };

  it('answers opening one conversation too many from one IP with 429, before the route', async () => {
    const ip = randomClientIp();
    const before = await statuses(times(rule().limit, () => () => openConversation(ip)));
    expect(before.every((s) => s === 400)).toBe(true);
    const refused = await openConversation(ip);
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ error: { code: 'rate_limited' } });
    expect((await openConversation(randomClientIp())).status).toBe(400); // another IP
  });

  it('limits one signed-in shopper from many IPs', async () => {
    const headers = { authorization: `Bearer ${await accessToken(`cus_${crypto.randomUUID().slice(0, 8)}`)}` };
    await statuses(times(rule().limit, () => () => openConversation(randomClientIp(), headers)));
    expect((await openConversation(randomClientIp(), headers)).status).toBe(429);
  });

  it('does not count reading or writing in a conversation', async () => {
    const ip = randomClientIp();
    await statuses(times(rule().limit, () => () => openConversation(ip)));
    const read = await edgeFetch('/api/conversations/conv_nope', { headers: { 'cf-connecting-ip': ip } });
    expect(read.status).toBe(404);
  });
});

describe('API-wide limit', () => {
  it('leases one batch from the client IP bucket for a burst of reads', async () => {
    const ip = randomClientIp();
    for (let i = 0; i < 5; i++) {
      expect((await edgeFetch('/api/carts/nope', { headers: { 'cf-connecting-ip': ip } })).status).toBe(404);
    }
    const stub = env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName(`api:ip:${ip}`));
    const tokens = await runInDurableObject(stub, (_o, state) =>
      Math.floor(state.storage.sql.exec<{ tokens: number }>('SELECT tokens FROM bucket').one().tokens),
    );
    expect(tokens).toBe(600 - 20);
  });

  it('also counts a signed-in shopper against their account, whatever the address', async () => {
    const customerId = `cus_${crypto.randomUUID().slice(0, 8)}`;
    const headers = { authorization: `Bearer ${await accessToken(customerId)}` };
    for (let i = 0; i < 3; i++) {
      const res = await edgeFetch('/api/carts/nope', { headers: { ...headers, 'cf-connecting-ip': randomClientIp() } });
      expect(res.status).toBe(404);
    }
    const stub = env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName(`api:acct:${customerId}`));
    const tokens = await runInDurableObject(stub, (_o, state) =>
      Math.floor(state.storage.sql.exec<{ tokens: number }>('SELECT tokens FROM bucket').one().tokens),
    );
    expect(tokens).toBe(600 - 20); // one lease for the account, shared by the three addresses
  });

  it('does not limit the internal publish hook', async () => {
    const res = await edgeFetch('/internal/catalog/publish', {
      method: 'POST',
      headers: { 'cf-connecting-ip': '203.0.113.99' },
    });
    expect(res.status).not.toBe(429);
    const stub = env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName('api:ip:203.0.113.99'));
    const rows = await runInDurableObject(stub, (_o, state) =>
      state.storage.sql.exec("SELECT name FROM sqlite_master WHERE name = 'bucket'").toArray(),
    );
    expect(rows).toEqual([]); // never asked for a token: its limiter holds no bucket
  });
});
