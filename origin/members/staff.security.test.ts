/** Credentials that must stop working, guessing that must slow down, and the root token's limits. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, PRODUCTION_ENV, startTestOrigin, type TestOrigin, uid } from '../../test/support/origin';
import { apiKey, callerWith, FAST_HASHING, login, PASSWORD, staffSession } from '../../test/support/staff';
import { createSession } from './sessions';

let t: TestOrigin;
beforeAll(async () => {
  t = await startTestOrigin(FAST_HASHING);
});
afterAll(() => t.close());

const status = async (token: string, path = '/admin/me') => (await callerWith(t, token)('GET', path)).status;
const flipLast = (s: string) => s.slice(0, -1) + (s.endsWith('A') ? 'B' : 'A');

describe('staff sessions', () => {
  it('refuses a tampered token', async () => {
    const member = await staffSession(t, 'catalog');
    expect(await status(member.token)).toBe(200);
    expect(await status(flipLast(member.token))).toBe(401);
    expect(await status(`${member.token}x`)).toBe(401);
  });

  it('refuses an expired session', async () => {
    const member = await staffSession(t, 'catalog');
    const old = await createSession(t.origin.ctx.db, member.id, 60, new Date(Date.now() - 3600_000));
    expect(await status(old.token)).toBe(401);
  });

  it('refuses the token after logout, and logout needs a session', async () => {
    const member = await staffSession(t, 'support');
    expect((await member.call('POST', '/admin/auth/logout')).status).toBe(204);
    expect(await status(member.token)).toBe(401);
    const root = await t.admin('POST', '/admin/auth/logout');
    expect(root.status).toBe(400);
    expect(await root.json()).toMatchObject({ error: { code: 'not_a_session' } });
  });

  it('ends the sessions and refuses the login of a disabled member, and lets them back when re-enabled', async () => {
    const member = await staffSession(t, 'fulfilment');
    const disabled = await t.admin('PATCH', `/admin/staff/${member.id}`, { disabled: true });
    expect(await disabled.json()).toMatchObject({ disabled: true });
    expect(await status(member.token)).toBe(401);
    expect((await login(t, member.email, PASSWORD)).status).toBe(401);
    await t.admin('PATCH', `/admin/staff/${member.id}`, { disabled: false });
    expect((await login(t, member.email, PASSWORD)).status).toBe(200);
  });

  it('keeps the last active owner', async () => {
    const last = await staffSession(t, 'owner');
    const owners = (await (await t.admin('GET', '/admin/staff')).json()) as { items: { id: string; role: string }[] };
    for (const o of owners.items.filter((s) => s.role === 'owner' && s.id !== last.id)) {
      await t.admin('PATCH', `/admin/staff/${o.id}`, { role: 'support' });
    }
    for (const change of [{ disabled: true }, { role: 'catalog' }]) {
      const res = await t.admin('PATCH', `/admin/staff/${last.id}`, change);
      expect(res.status).toBe(409);
      expect(await res.json()).toMatchObject({ error: { code: 'last_owner' } });
    }
  });
});

describe('API keys', () => {
  it('refuses a revoked key and a tampered one', async () => {
    const key = await apiKey(t, ['orders:read']);
    expect(await status(key.key, '/admin/orders')).toBe(200);
    expect(await status(flipLast(key.key), '/admin/orders')).toBe(401);
    const revoked = await t.admin('DELETE', `/admin/api-keys/${key.id}`);
    expect(await revoked.json()).toMatchObject({ id: key.id, revokedAt: expect.any(String) });
    expect(await status(key.key, '/admin/orders')).toBe(401);
  });

  it('refuses an expired key', async () => {
    const res = await t.admin('POST', '/admin/api-keys', {
      name: 'short-lived',
      permissions: ['orders:read'],
      expiresAt: new Date(Date.now() - 1000).toISOString(),
    });
    const { key } = (await res.json()) as { key: string };
    expect(await status(key, '/admin/orders')).toBe(401);
  });

  it('cannot give a new key more than its creator holds', async () => {
    const admin = await apiKey(t, ['staff:admin', 'orders:read']);
    const res = await admin.call('POST', '/admin/api-keys', { name: 'wider', permissions: ['catalog:write'] });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: { code: 'permission_not_held' } });
    expect((await admin.call('POST', '/admin/api-keys', { name: 'same', permissions: ['orders:read'] })).status).toBe(
      201,
    );
  });

  it('narrows a key when its creator is demoted, and stops it when they are disabled', async () => {
    await staffSession(t, 'owner'); // another owner, so this one may be demoted
    const owner = await staffSession(t, 'owner');
    const key = await apiKey(t, ['catalog:write', 'orders:read'], owner.call);
    const reprice = () => key.call('PATCH', '/admin/variants/var_X', { price: { amount: 1, currency: 'USD' } });
    expect((await reprice()).status).not.toBe(403);
    await t.admin('PATCH', `/admin/staff/${owner.id}`, { role: 'support' });
    expect((await reprice()).status).toBe(403);
    expect(await status(key.key, '/admin/orders')).toBe(200);
    await t.admin('PATCH', `/admin/staff/${owner.id}`, { disabled: true });
    expect(await status(key.key, '/admin/orders')).toBe(401);
  });
});

describe('login throttling', () => {
  it('locks an email for the address that failed after repeated failures with 429 and Retry-After, even for the right password', async () => {
    const member = await staffSession(t, 'catalog');
    for (let i = 0; i < 5; i++) {
      const res = await login(t, member.email, 'wrong password guess');
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: { code: 'invalid_credentials' } });
    }
    const locked = await login(t, member.email, PASSWORD);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await locked.json()).toMatchObject({ error: { code: 'too_many_attempts' } });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await login(t, member.email, PASSWORD)).status).toBe(200);
  });

  it('throttles unknown emails alike, so the lock does not reveal who has an account', async () => {
    const email = `nobody-${uid()}@shop.test`;
    for (let i = 0; i < 5; i++) expect((await login(t, email, 'guess guess guess')).status).toBe(401);
    expect((await login(t, email, 'guess guess guess')).status).toBe(429);
  });
});

describe('the root ADMIN_TOKEN', () => {
  it('has owner rights', async () => {
    const me = (await (await t.admin('GET', '/admin/me')).json()) as { permissions: string[] };
    expect(me).toMatchObject({ kind: 'root', staff: null });
    expect(me.permissions).toContain('staff:admin');
  });

  it('is disabled in production when ADMIN_TOKEN is unset', async () => {
    const prod = await startTestOrigin({ ...PRODUCTION_ENV });
    try {
      expect(prod.config.adminToken).toBeNull();
      for (const token of [ADMIN_TOKEN, 'dev-admin-token', '']) {
        const res = await callerWith(prod, token || null)('GET', '/admin/me');
        expect(res.status, token).toBe(401);
      }
    } finally {
      await prod.close();
    }
  });
});
