/**
 * Customer accounts under real concurrency on PostgreSQL (PGlite runs one transaction at a
 * time and would hide these races): one account per email however many register at once, a
 * reset link that works exactly once however many use it at once, a refresh token spent exactly
 * once. Sessions and throttles live in the real Redis, through the Upstash REST protocol (as in
 * production). Runs under `npm run test:services` only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthSession } from '../../contract/customers';
import { customerPaths as paths } from '../../contract/customers';
import { UpstashCache } from '../../origin/platform/cache/upstash-cache';
import {
  deleteKeys,
  startUpstashRedisBridge,
  type UpstashRedisBridge,
} from '../../sandbox/upstash-redis/upstash-redis-bridge';
import {
  CUSTOMER_PASSWORD,
  edgeCall,
  FAST_CUSTOMER_HASHING,
  mailedToken,
  newEmail,
  registerCustomer,
} from '../support/customers';
import { serverDatabase } from '../support/db';
import { type PgTestOrigin, startPgOrigin, tally } from './support/pg-origin';

const RACERS = 20;

describe.skipIf(!serverDatabase())('customer accounts under concurrency (PostgreSQL)', () => {
  let t: PgTestOrigin;
  let bridge: UpstashRedisBridge;
  const prefix = `edgeshop-test:${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}:`;
  beforeAll(async () => {
    bridge = await startUpstashRedisBridge();
    const cache = new UpstashCache({ url: bridge.url, token: bridge.token }, prefix);
    // Every racer hashes a password: the gate must hold them all (its refusals are tested elsewhere).
    const gate = { PASSWORD_HASH_CONCURRENCY: '4', PASSWORD_HASH_QUEUE: String(RACERS) };
    t = await startPgOrigin(RACERS + 5, { ...FAST_CUSTOMER_HASHING, ...gate }, { cache });
  });
  afterAll(async () => {
    await t?.close();
    if (!bridge) return;
    await deleteKeys(bridge.redis, `${prefix}*`);
    await bridge.close();
  });

  it(`${RACERS} registrations of one email at once → one account`, async () => {
    const email = newEmail();
    const answers = await Promise.all(
      Array.from({ length: RACERS }, (_, i) =>
        edgeCall(t, 'POST', paths.register, {
          email: i % 2 ? email.toUpperCase() : email,
          password: CUSTOMER_PASSWORD,
        }),
      ),
    );
    const statuses = await Promise.all(
      answers.map(
        async (r) =>
          `${r.status}${r.status === 201 ? '' : ` ${((await r.json()) as { error: { code: string } }).error.code}`}`,
      ),
    );
    expect(tally(statuses)).toEqual({ '201': 1, '409 email_taken': RACERS - 1 });
    expect(await t.sql('select id from customers where email = $1', [email])).toHaveLength(1);
  });

  it(`${RACERS} uses of one reset link at once → one new password`, async () => {
    const email = newEmail();
    await registerCustomer(t, email);
    await edgeCall(t, 'POST', paths.requestReset, { email });
    const token = await mailedToken(t, email, '/account/reset');
    const answers = await Promise.all(
      Array.from({ length: RACERS }, (_, i) =>
        edgeCall(t, 'POST', paths.confirmReset, { token, password: `new password number ${i}` }),
      ),
    );
    expect(tally(answers.map((r) => String(r.status)))).toEqual({ '204': 1, '400': RACERS - 1 });
    const winner = answers.findIndex((r) => r.status === 204);
    const login = (password: string) => edgeCall(t, 'POST', paths.login, { email, password });
    expect((await login(`new password number ${winner}`)).status).toBe(200);
  });

  it(`${RACERS} refreshes with one refresh token at once → one new session`, async () => {
    const session = await registerCustomer(t);
    const answers = await Promise.all(
      Array.from({ length: RACERS }, () => edgeCall(t, 'POST', paths.refresh, { refreshToken: session.refreshToken })),
    );
    expect(tally(answers.map((r) => String(r.status)))).toEqual({ '200': 1, '401': RACERS - 1 });
    const fresh = (await answers.find((r) => r.status === 200)?.json()) as AuthSession;
    expect((await edgeCall(t, 'GET', paths.me, undefined, fresh.accessToken)).status).toBe(200);
    // The session is in Redis, under the cache's prefix, with the refresh lifetime.
    const sid = /^rt_(ses_[^.]+)\./.exec(fresh.refreshToken)?.[1];
    const ttl = (await bridge.redis.call('TTL', `${prefix}cust-session:${sid}`)) as number;
    expect(ttl).toBeGreaterThan(29 * 24 * 3600);
  });

  it('logout in one origin instance ends the session for every instance sharing Redis', async () => {
    const session = await registerCustomer(t);
    const other = new UpstashCache({ url: bridge.url, token: bridge.token }, prefix);
    expect(await other.get(`cust-session:${/^rt_(ses_[^.]+)\./.exec(session.refreshToken)?.[1]}`)).not.toBeNull();
    await edgeCall(t, 'POST', paths.logout, {}, session.accessToken);
    expect(await other.get(`cust-session:${/^rt_(ses_[^.]+)\./.exec(session.refreshToken)?.[1]}`)).toBeNull();
  });
});
