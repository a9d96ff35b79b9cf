/**
 * Staff credentials judged by their identity (a socket's view) give the same answer as the same
 * credentials presented on a request (`authenticate`, then the permission), and say why they lapsed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startTestOrigin, type TestOrigin } from '../../test/support/origin';
import { apiKey, FAST_HASHING, staffSession } from '../../test/support/staff';
import { sha256Hex } from '../platform/credentials/tokens';
import { createApiKey } from './api-keys';
import { credentialOf, type StaffCredential, staffCredentialStatuses } from './credential-status';
import { allows, permissionsOf } from './permissions';
import { authenticate } from './principal';
import { createSession } from './sessions';

let t: TestOrigin;
beforeAll(async () => {
  t = await startTestOrigin(FAST_HASHING);
});
afterAll(() => t.close());

/** The credential behind a bearer token as `authenticate` sees it, and whether a request with it may write to support. */
async function asRequest(token: string) {
  const principal = await authenticate(t.origin.ctx.db, ADMIN_TOKEN, `Bearer ${token}`);
  return {
    credential: principal ? await credentialOf(principal, ADMIN_TOKEN) : null,
    allowed: principal !== null && allows(principal.permissions, 'support:write'),
  };
}

const statusOf = async (credential: StaffCredential, rootToken: string | null = ADMIN_TOKEN) =>
  (await staffCredentialStatuses(t.origin.ctx.db, rootToken, [credential], 'support:write'))[0];

describe('staff credentials held by a socket', () => {
  it('hold while the session is live and the role grants the permission, as on a request', async () => {
    const agent = await staffSession(t, 'support');
    const seen = await asRequest(agent.token);
    expect(seen).toMatchObject({ allowed: true, credential: { kind: 'staff_session', staffId: agent.id } });
    expect(await statusOf(seen.credential as StaffCredential)).toEqual({ valid: true });
    // an owner holds every permission; a catalog member never had this one
    const owner = await asRequest((await staffSession(t, 'owner')).token);
    expect(await statusOf(owner.credential as StaffCredential)).toEqual({ valid: true });
    const catalog = await asRequest((await staffSession(t, 'catalog')).token);
    expect(catalog.allowed).toBe(false);
    expect(await statusOf(catalog.credential as StaffCredential)).toEqual({
      valid: false,
      reason: 'permission_revoked',
    });
  });

  it('lapse when the session ends: logout or expiry', async () => {
    const agent = await staffSession(t, 'support');
    const { credential } = await asRequest(agent.token);
    expect((await agent.call('POST', '/admin/auth/logout')).status).toBe(204);
    expect((await asRequest(agent.token)).credential).toBeNull();
    expect(await statusOf(credential as StaffCredential)).toEqual({ valid: false, reason: 'session_ended' });

    const expired = await createSession(t.origin.ctx.db, agent.id, 60, new Date(Date.now() - 3600_000));
    expect((await asRequest(expired.token)).credential).toBeNull();
    const byHash = { kind: 'staff_session' as const, staffId: agent.id, sessionHash: await sha256Hex(expired.token) };
    expect(await statusOf(byHash)).toEqual({ valid: false, reason: 'session_ended' });
  });

  it('lapse when the member is disabled or loses the support role, and hold again when the role is back', async () => {
    const disabled = await staffSession(t, 'support');
    const disabledCredential = (await asRequest(disabled.token)).credential as StaffCredential;
    await t.admin('PATCH', `/admin/staff/${disabled.id}`, { disabled: true });
    expect((await asRequest(disabled.token)).allowed).toBe(false);
    expect(await statusOf(disabledCredential)).toEqual({ valid: false, reason: 'staff_disabled' });

    const demoted = await staffSession(t, 'support');
    const demotedCredential = (await asRequest(demoted.token)).credential as StaffCredential;
    await t.admin('PATCH', `/admin/staff/${demoted.id}`, { role: 'fulfilment' });
    expect((await asRequest(demoted.token)).allowed).toBe(false);
    expect(await statusOf(demotedCredential)).toEqual({ valid: false, reason: 'permission_revoked' });
    await t.admin('PATCH', `/admin/staff/${demoted.id}`, { role: 'support' });
    expect((await asRequest(demoted.token)).allowed).toBe(true);
    expect(await statusOf(demotedCredential)).toEqual({ valid: true });
  });

  it('refuse a session named with another member’s id', async () => {
    const [a, b] = [await staffSession(t, 'support'), await staffSession(t, 'support')];
    const credential = (await asRequest(a.token)).credential as StaffCredential & { kind: 'staff_session' };
    expect(await statusOf({ ...credential, staffId: b.id })).toEqual({ valid: false, reason: 'session_ended' });
  });

  it('judge API keys like a request does: revoked, expired, their creator demoted or disabled', async () => {
    const creator = await staffSession(t, 'support');
    // a support member's own keys (only owners hold staff:admin, so the route is not theirs)
    const keyOf = async (permissions: ('support:read' | 'support:write')[]) => {
      const made = await createApiKey(
        t.origin.ctx.db,
        { staffId: creator.id, held: permissionsOf('support'), rootToken: null },
        { name: 'agent bot', permissions },
      );
      if (!made.ok) throw new Error(made.message);
      return { id: made.value.apiKey.id, key: made.value.key };
    };
    const key = await keyOf(['support:write']);
    const credential = (await asRequest(key.key)).credential as StaffCredential;
    expect(credential).toEqual({ kind: 'api_key', keyId: key.id });
    expect(await statusOf(credential)).toEqual({ valid: true });
    const narrow = await keyOf(['support:read']);
    expect(await statusOf({ kind: 'api_key', keyId: narrow.id })).toEqual({
      valid: false,
      reason: 'permission_revoked',
    });

    await t.admin('PATCH', `/admin/staff/${creator.id}`, { role: 'catalog' });
    expect((await asRequest(key.key)).allowed).toBe(false);
    expect(await statusOf(credential)).toEqual({ valid: false, reason: 'permission_revoked' });
    await t.admin('PATCH', `/admin/staff/${creator.id}`, { disabled: true });
    expect((await asRequest(key.key)).credential).toBeNull();
    expect(await statusOf(credential)).toEqual({ valid: false, reason: 'staff_disabled' });

    const revoked = await apiKey(t, ['support:write']);
    expect(await statusOf({ kind: 'api_key', keyId: revoked.id })).toEqual({ valid: true });
    await t.admin('DELETE', `/admin/api-keys/${revoked.id}`);
    expect((await asRequest(revoked.key)).credential).toBeNull();
    expect(await statusOf({ kind: 'api_key', keyId: revoked.id })).toEqual({
      valid: false,
      reason: 'credential_revoked',
    });

    const expired = await createApiKey(
      t.origin.ctx.db,
      { staffId: null, held: ['support:write'], rootToken: t.config.adminToken },
      { name: 'expired', permissions: ['support:write'], expiresAt: new Date(Date.now() - 1000) },
    );
    if (!expired.ok) throw new Error(expired.message);
    expect((await asRequest(expired.value.key)).credential).toBeNull();
    expect(await statusOf({ kind: 'api_key', keyId: expired.value.apiKey.id })).toEqual({
      valid: false,
      reason: 'credential_revoked',
    });
    expect(await statusOf({ kind: 'api_key', keyId: 'key_unknown' })).toEqual({
      valid: false,
      reason: 'credential_revoked',
    });
  });

  it('hold the root token while it is the configured one', async () => {
    const { credential } = await asRequest(ADMIN_TOKEN);
    expect(credential).toMatchObject({ kind: 'root' });
    expect(JSON.stringify(credential)).not.toContain(ADMIN_TOKEN);
    expect(await statusOf(credential as StaffCredential)).toEqual({ valid: true });
    expect(await statusOf(credential as StaffCredential, 'a-rotated-root-token-of-enough-length')).toEqual({
      valid: false,
      reason: 'credential_revoked',
    });
    expect(await statusOf(credential as StaffCredential, null)).toEqual({ valid: false, reason: 'credential_revoked' });
  });

  it('answer many credentials of every kind at once, each in its place', async () => {
    const live = (await asRequest((await staffSession(t, 'support')).token)).credential as StaffCredential;
    const gone = await staffSession(t, 'support');
    const goneCredential = (await asRequest(gone.token)).credential as StaffCredential;
    await gone.call('POST', '/admin/auth/logout');
    const key = await apiKey(t, ['support:write']);
    const root = (await asRequest(ADMIN_TOKEN)).credential as StaffCredential;
    const statuses = await staffCredentialStatuses(
      t.origin.ctx.db,
      ADMIN_TOKEN,
      [goneCredential, live, { kind: 'api_key', keyId: key.id }, root, live],
      'support:write',
    );
    expect(statuses).toEqual([
      { valid: false, reason: 'session_ended' },
      { valid: true },
      { valid: true },
      { valid: true },
      { valid: true },
    ]);
    expect(await staffCredentialStatuses(t.origin.ctx.db, ADMIN_TOKEN, [], 'support:write')).toEqual([]);
  });
});
