/**
 * Staff login limits in the real Redis, through the Upstash REST protocol (as in production),
 * shared by two origin instances: the per-address limit counts concurrent attempts atomically,
 * and the lock after failed logins holds on every instance for the attacker's address only.
 * Runs under `npm run test:services` (TEST_DATABASE=postgres) only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../origin/app';
import { UpstashCache } from '../../origin/platform/cache/upstash-cache';
import type { ClientBindings } from '../../origin/platform/client-address';
import {
  deleteKeys,
  startUpstashRedisBridge,
  type UpstashRedisBridge,
} from '../../sandbox/upstash-redis/upstash-redis-bridge';
import { serverDatabase } from '../support/db';
import { uid } from '../support/origin';
import { FAST_HASHING, PASSWORD, staffSession } from '../support/staff';
import { type PgTestOrigin, startPgOrigin, tally } from './support/pg-origin';

const LIMIT = 8;
const ATTEMPTS = 30;

describe.skipIf(!serverDatabase())('staff login limits shared through Redis (PostgreSQL)', () => {
  let t: PgTestOrigin;
  let bridge: UpstashRedisBridge;
  /** A second instance: the same database, its own Upstash client to the same Redis. */
  let other: ReturnType<typeof createApp>;
  const prefix = `edgeshop-test:${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}:`;

  beforeAll(async () => {
    bridge = await startUpstashRedisBridge();
    const cache = () => new UpstashCache({ url: bridge.url, token: bridge.token }, prefix);
    const env = { ...FAST_HASHING, STAFF_LOGIN_ADDRESS_LIMIT: `${LIMIT}/60`, PASSWORD_HASH_QUEUE: String(ATTEMPTS) };
    t = await startPgOrigin(10, env, { cache: cache() });
    other = createApp({ ...t.origin.ctx, cache: cache() });
  });
  afterAll(async () => {
    await t?.close();
    if (!bridge) return;
    await deleteKeys(bridge.redis, `${prefix}*`);
    await bridge.close();
  });

  const loginAt = (app: { request: typeof other.request }, from: string, email: string, password: string) =>
    app.request(
      '/admin/auth/login',
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) },
      { clientAddress: from } satisfies ClientBindings,
    );
  const outcome = async (res: Response) =>
    res.status === 429 ? `429 ${((await res.json()) as { error: { code: string } }).error.code}` : String(res.status);

  it(`${ATTEMPTS} concurrent attempts from one address on two instances → exactly ${LIMIT} are checked`, async () => {
    const from = '203.0.113.150';
    const answers = await Promise.all(
      Array.from({ length: ATTEMPTS }, (_, i) =>
        loginAt(i % 2 ? other : t.origin.app, from, `spray-${uid()}@shop.test`, 'a wrong password'),
      ),
    );
    expect(tally(await Promise.all(answers.map(outcome)))).toEqual({
      '401': LIMIT,
      '429 rate_limited': ATTEMPTS - LIMIT,
    });
  });

  it("locks the attacker's address on every instance, never the owner's", async () => {
    const owner = await staffSession(t, 'owner');
    const attacker = '198.51.100.250';
    for (let i = 0; i < 5; i++) {
      expect((await loginAt(t.origin.app, attacker, owner.email, 'a wrong password')).status).toBe(401);
    }
    expect(await outcome(await loginAt(other, attacker, owner.email, PASSWORD))).toBe('429 too_many_attempts');
    expect((await loginAt(other, '192.0.2.250', owner.email, PASSWORD)).status).toBe(200);
  });
});
