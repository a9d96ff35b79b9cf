/**
 * Staff login as a weapon: failures lock an email only for the address they came from (an
 * attacker cannot lock the owner out), each address has an attempt limit, and the address is the
 * socket's peer unless the operator names a proxy header.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestOrigin, type TestOrigin } from '../../test/support/origin';
import { FAST_HASHING, loginFrom, PASSWORD, staffSession } from '../../test/support/staff';

const ATTACKER = '203.0.113.66';
const OWNER_DESK = '198.51.100.10';
const WRONG = 'not the password at all';

let t: TestOrigin;
let proxied: TestOrigin;
beforeAll(async () => {
  [t, proxied] = await Promise.all([
    startTestOrigin({ ...FAST_HASHING, STAFF_LOGIN_ADDRESS_LIMIT: '8/60' }),
    startTestOrigin({ ...FAST_HASHING, STAFF_LOGIN_ADDRESS_LIMIT: '3/60', CLIENT_ADDRESS_HEADER: 'X-Real-IP' }),
  ]);
});
afterAll(async () => {
  await Promise.all([t?.close(), proxied?.close()]);
});

const codeOf = async (res: Response) => ((await res.json()) as { error?: { code: string } }).error?.code;

describe('the lock after failed logins', () => {
  it('does not lock the owner out from another address when an attacker fails from theirs', async () => {
    const owner = await staffSession(t, 'owner');
    for (let i = 0; i < 5; i++) expect((await loginFrom(t, ATTACKER, owner.email, WRONG)).status).toBe(401);
    // The attacker's address is locked for this email, even with the right password…
    const locked = await loginFrom(t, ATTACKER, owner.email, PASSWORD);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await codeOf(locked)).toBe('too_many_attempts');
    // …and the owner, at their own desk, signs in.
    expect((await loginFrom(t, OWNER_DESK, owner.email, PASSWORD)).status).toBe(200);
  });

  it('counts an IPv6 client by its /64, so rotating addresses inside it does not reset the lock', async () => {
    const member = await staffSession(t, 'catalog');
    for (let i = 0; i < 5; i++) await loginFrom(t, `2001:db8:7:7::${i + 1}`, member.email, WRONG);
    expect((await loginFrom(t, '2001:db8:7:7::99', member.email, PASSWORD)).status).toBe(429);
    expect((await loginFrom(t, '2001:db8:7:8::1', member.email, PASSWORD)).status).toBe(200);
  });
});

describe('the attempt limit per address', () => {
  it('answers 429 rate_limited with Retry-After past the limit, whatever the emails, and only for that address', async () => {
    const from = '192.0.2.44';
    for (let i = 0; i < 8; i++) {
      expect((await loginFrom(t, from, `spray-${i}@shop.test`, WRONG)).status).toBe(401);
    }
    const refused = await loginFrom(t, from, 'spray-9@shop.test', WRONG);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(await codeOf(refused)).toBe('rate_limited');
    const member = await staffSession(t, 'support');
    expect((await loginFrom(t, from, member.email, PASSWORD)).status).toBe(429);
    expect((await loginFrom(t, '192.0.2.45', member.email, PASSWORD)).status).toBe(200);
  });
});

describe('where the address comes from', () => {
  it('ignores a client-sent proxy header unless CLIENT_ADDRESS_HEADER names it', async () => {
    // No header configured: every attempt from one socket is one address, whatever X-Real-IP says.
    const from = '192.0.2.60';
    for (let i = 0; i < 8; i++) {
      await loginFrom(t, from, `rotating-${i}@shop.test`, WRONG, { 'x-real-ip': `10.9.9.${i}` });
    }
    expect((await loginFrom(t, from, 'rotating-9@shop.test', WRONG, { 'x-real-ip': '10.9.9.200' })).status).toBe(429);
  });

  it('behind a proxy, counts the address the proxy appended (the last entry), not the socket', async () => {
    const proxy = '10.0.0.2';
    const via = (client: string) => ({ 'x-real-ip': `203.0.113.200, ${client}` });
    for (let i = 0; i < 3; i++) {
      expect((await loginFrom(proxied, proxy, `p-${i}@shop.test`, WRONG, via('198.51.100.7'))).status).toBe(401);
    }
    expect((await loginFrom(proxied, proxy, 'p-3@shop.test', WRONG, via('198.51.100.7'))).status).toBe(429);
    expect((await loginFrom(proxied, proxy, 'p-3@shop.test', WRONG, via('198.51.100.8'))).status).toBe(401);
  });
});
