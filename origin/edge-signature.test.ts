/**
 * The edge's signature on the real app: what a captured signed request can and cannot be made
 * to do. Runs on PGlite with the in-memory cache, and under `TEST_DATABASE=postgres` (or neon)
 * on PostgreSQL with the replay guard in the real Redis, through the Upstash REST protocol.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerPaths } from '../contract/customers';
import { checkoutPaths } from '../contract/orders';
import { SIGNED_HEADERS, signInternalRequest } from '../contract/signing';
import {
  deleteKeys,
  startUpstashRedisBridge,
  type UpstashRedisBridge,
} from '../sandbox/upstash-redis/upstash-redis-bridge';
import { checkoutRequest, postCheckout, setupShipping, stockedVariant } from '../test/support/checkout';
import { FAST_CUSTOMER_HASHING, registerCustomer } from '../test/support/customers';
import { serverDatabase } from '../test/support/db';
import { INTERNAL_SECRET, startTestOrigin, type TestOrigin } from '../test/support/origin';
import type { CachePort } from './platform/cache/cache-port';
import { MemoryCache } from './platform/cache/memory-cache';
import { UpstashCache } from './platform/cache/upstash-cache';
import type { Logger } from './platform/logger';

const prefix = `edgeshop-test:${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}:`;
const errors: string[] = [];
const log: Logger = { info() {}, warn() {}, error: (message) => errors.push(message) };
let bridge: UpstashRedisBridge | undefined;
let t: TestOrigin;

async function replayCache(): Promise<CachePort> {
  if (!serverDatabase()) return new MemoryCache();
  bridge = await startUpstashRedisBridge();
  return new UpstashCache({ url: bridge.url, token: bridge.token }, prefix);
}

beforeAll(async () => {
  t = await startTestOrigin(FAST_CUSTOMER_HASHING, { cache: await replayCache(), log });
  await setupShipping(t);
});
afterAll(async () => {
  await t?.close();
  if (!bridge) return;
  await deleteKeys(bridge.redis, `${prefix}*`);
  await bridge.close();
});

const send = (path: string, headers: Record<string, string>, init: RequestInit = {}) =>
  t.origin.app.request(path, { ...init, headers });

/** A signed checkout of one unit, as the edge sends it: the request and its headers. */
async function signedCheckout() {
  const variant = await stockedVariant(t);
  const request = checkoutRequest([{ variantId: variant.id, quantity: 1, unitPrice: 2500 }]);
  const raw = JSON.stringify(request);
  const sign = async () => ({
    ...(await signInternalRequest(INTERNAL_SECRET, 'POST', checkoutPaths.checkout, raw)),
    'content-type': 'application/json',
  });
  const sendWith = (headers: Record<string, string>) =>
    send(checkoutPaths.checkout, headers, { method: 'POST', body: raw });
  return { request, variant, sign, sendWith };
}

const orderIdOf = async (res: Response) => ((await res.json()) as { order: { id: string } }).order.id;

describe('authority headers under the signature', () => {
  it('signs the headers the contracts name as credentials', () => {
    expect(SIGNED_HEADERS).toContain(checkoutPaths.orderTokenHeader);
    expect(SIGNED_HEADERS).toContain(customerPaths.customerTokenHeader);
  });

  it("refuses a captured account read whose x-customer-token was swapped for another shopper's", async () => {
    const [victim, attacker] = await Promise.all([registerCustomer(t), registerCustomer(t)]);
    const captured = await signInternalRequest(INTERNAL_SECRET, 'GET', customerPaths.me, '', {
      headers: { [customerPaths.customerTokenHeader]: attacker.accessToken },
    });
    const own = await send(customerPaths.me, captured);
    expect(own.status).toBe(200);
    expect(((await own.json()) as { id: string }).id).toBe(attacker.customer.id);

    const swapped = await send(customerPaths.me, {
      ...captured,
      [customerPaths.customerTokenHeader]: victim.accessToken,
    });
    expect(swapped.status).toBe(401);
    expect(await swapped.json()).toMatchObject({ error: { code: 'unauthorized' } });
  });

  it('refuses a credential slipped into a captured request signed without one', async () => {
    const shopper = await registerCustomer(t);
    const captured = await signInternalRequest(INTERNAL_SECRET, 'GET', customerPaths.me);
    const res = await send(customerPaths.me, { ...captured, [customerPaths.customerTokenHeader]: shopper.accessToken });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 'unauthorized' } });
  });
});

describe('replays of signed requests', () => {
  it('refuses a signed POST received before, inside the window, before the route runs', async () => {
    const checkout = await signedCheckout();
    const headers = await checkout.sign();
    const first = await checkout.sendWith(headers);
    expect(first.status).toBe(201);

    const replayed = await checkout.sendWith(headers);
    expect(replayed.status).toBe(401);
    expect(await replayed.json()).toEqual({
      error: { code: 'unauthorized', message: 'This signed request was received before (replay)' },
    });
  });

  it('takes a retry signed anew as a new request, and its Idempotency-Key gives the same order', async () => {
    const checkout = await signedCheckout();
    const first = await checkout.sendWith(await checkout.sign());
    expect(first.status).toBe(201);
    const orderId = await orderIdOf(first);
    const retried = await checkout.sendWith(await checkout.sign());
    expect(retried.status).toBe(201);
    expect(await orderIdOf(retried)).toBe(orderId);
    expect(await orderIdOf(await postCheckout(t, checkout.request))).toBe(orderId);
  });

  it('accepts one of many copies of a signed POST sent at once', async () => {
    const checkout = await signedCheckout();
    const headers = await checkout.sign();
    const answers = await Promise.all(Array.from({ length: 12 }, () => checkout.sendWith(headers)));
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses).toEqual([201, ...Array<number>(11).fill(401)]);
  });

  it('lets a signed read be sent again', async () => {
    const path = '/internal/catalog/categories';
    const headers = await signInternalRequest(INTERNAL_SECRET, 'GET', path);
    expect((await send(path, headers)).status).toBe(200);
    expect((await send(path, headers)).status).toBe(200);
  });

  it('does not remember a request whose signature was refused', async () => {
    const checkout = await signedCheckout();
    const headers = await checkout.sign();
    const tampered = await send(checkoutPaths.checkout, headers, {
      method: 'POST',
      body: JSON.stringify({ ...checkout.request, email: 'mallory@example.com' }),
    });
    expect(tampered.status).toBe(401);
    expect((await checkout.sendWith(headers)).status).toBe(201);
  });
});

describe('replay guard outage', () => {
  it('lets a signed POST through when the cache cannot answer, and logs the outage', async () => {
    const down = await startTestOrigin(
      {},
      { cache: new UpstashCache({ url: 'http://127.0.0.1:9', token: 'unreachable' }), log },
    );
    try {
      const path = '/internal/auth/logout';
      const raw = JSON.stringify({});
      const headers = {
        ...(await signInternalRequest(INTERNAL_SECRET, 'POST', path, raw)),
        'content-type': 'application/json',
      };
      errors.length = 0;
      const res = await down.origin.app.request(path, { method: 'POST', headers, body: raw });
      expect(res.status).not.toBe(401);
      expect(errors).toContain('replay guard unavailable; signed request let through');
    } finally {
      await down.close();
    }
  });
});
