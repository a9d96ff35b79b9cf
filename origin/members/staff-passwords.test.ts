/**
 * Staff passwords after the first: a member's own change (the current password required) and
 * an owner's reset of another member. Both end every session of that member at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestOrigin, type TestOrigin } from '../../test/support/origin';
import {
  apiKey,
  callerWith,
  deskAddress,
  FAST_HASHING,
  loginFrom,
  PASSWORD,
  type StaffMember,
  staffSession,
} from '../../test/support/staff';
import type { ClientBindings } from '../platform/client-address';

let t: TestOrigin;
beforeAll(async () => {
  t = await startTestOrigin(FAST_HASHING);
});
afterAll(() => t.close());

const NEW_PASSWORD = 'a brand new long password';
const status = async (token: string) => (await callerWith(t, token)('GET', '/admin/me')).status;
const codeOf = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

/** A second session of the same member, from another address (another device). */
async function secondSession(member: StaffMember): Promise<string> {
  const res = await loginFrom(t, deskAddress(), member.email, PASSWORD);
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

/** `POST /admin/me/password` as `token`, from client address `from`. */
const changeOwn = (token: string, body: unknown, from = '198.51.100.20') =>
  t.origin.app.request(
    '/admin/me/password',
    {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    },
    { clientAddress: from } satisfies ClientBindings,
  );

describe('changing one’s own password', () => {
  it('needs the current password, ends every session of the member and returns a new one', async () => {
    const member = await staffSession(t, 'catalog');
    const other = await secondSession(member);
    const res = await changeOwn(member.token, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
    expect(res.status).toBe(200);
    const fresh = (await res.json()) as { token: string; staff: { id: string } };
    expect(fresh.staff.id).toBe(member.id);
    expect(await status(member.token)).toBe(401);
    expect(await status(other)).toBe(401);
    expect(await status(fresh.token)).toBe(200);
    expect((await loginFrom(t, deskAddress(), member.email, PASSWORD)).status).toBe(401);
    expect((await loginFrom(t, deskAddress(), member.email, NEW_PASSWORD)).status).toBe(200);
  });

  it('refuses a wrong current password, keeps the sessions, and locks the guessing address like a login', async () => {
    const member = await staffSession(t, 'support');
    const guess = (from: string) =>
      changeOwn(member.token, { currentPassword: 'a wrong guess!', newPassword: NEW_PASSWORD }, from);
    const wrong = await guess('203.0.113.30');
    expect(wrong.status).toBe(401);
    expect(await codeOf(wrong)).toBe('invalid_credentials');
    expect(await status(member.token)).toBe(200);
    for (let i = 0; i < 4; i++) await guess('203.0.113.30');
    const locked = await guess('203.0.113.30');
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).not.toBeNull();
    expect((await loginFrom(t, deskAddress(), member.email, PASSWORD)).status).toBe(200);
  });

  it('is for staff sessions only, and validates the new password', async () => {
    const key = await apiKey(t, ['orders:read']);
    for (const token of [t.config.adminToken as string, key.key]) {
      const res = await changeOwn(token, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
      expect(res.status).toBe(400);
      expect(await codeOf(res)).toBe('not_a_session');
    }
    const member = await staffSession(t, 'fulfilment');
    const short = await changeOwn(member.token, { currentPassword: PASSWORD, newPassword: 'short' });
    expect(short.status).toBe(400);
    expect(await status(member.token)).toBe(200);
  });
});

describe('an owner resetting another member’s password', () => {
  it('sets it and ends every session of that member at once', async () => {
    const owner = await staffSession(t, 'owner');
    const member = await staffSession(t, 'catalog');
    const other = await secondSession(member);
    const res = await owner.call('PUT', `/admin/staff/${member.id}/password`, { password: NEW_PASSWORD });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: member.id, role: 'catalog' });
    expect(await status(member.token)).toBe(401);
    expect(await status(other)).toBe(401);
    expect(await status(owner.token)).toBe(200);
    expect((await loginFrom(t, deskAddress(), member.email, PASSWORD)).status).toBe(401);
    expect((await loginFrom(t, deskAddress(), member.email, NEW_PASSWORD)).status).toBe(200);
  });

  it('sends one’s own password to the route that asks for the current one', async () => {
    const owner = await staffSession(t, 'owner');
    const res = await owner.call('PUT', `/admin/staff/${owner.id}/password`, { password: NEW_PASSWORD });
    expect(res.status).toBe(409);
    expect(await codeOf(res)).toBe('own_password');
    expect(await status(owner.token)).toBe(200);
  });

  it('answers 404 for an unknown member and 403 without staff:admin', async () => {
    const owner = await staffSession(t, 'owner');
    const missing = await owner.call('PUT', '/admin/staff/stf_00000000000000000000000000/password', {
      password: NEW_PASSWORD,
    });
    expect(missing.status).toBe(404);
    const member = await staffSession(t, 'catalog');
    const support = await staffSession(t, 'support');
    const refused = await support.call('PUT', `/admin/staff/${member.id}/password`, { password: NEW_PASSWORD });
    expect(refused.status).toBe(403);
    expect(await status(member.token)).toBe(200);
  });
});
