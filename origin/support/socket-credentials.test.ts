/**
 * `POST /internal/support/socket-credentials`: the conversation objects' question whether the
 * credentials their sockets were opened with still hold, asked with the credentials the real
 * tickets carry (an agent's from the admin API, a shopper's as the edge issues it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyTicket } from '../../contract/chat-ticket';
import type { AuthSession } from '../../contract/customers';
import { customerPaths } from '../../contract/customers';
import { CREDENTIALS_PER_CHECK, type SocketCredential, supportPaths } from '../../contract/support';
import { edgeCall, FAST_CUSTOMER_HASHING, registerCustomer } from '../../test/support/customers';
import { startTestOrigin, type TestOrigin } from '../../test/support/origin';
import { FAST_HASHING, type StaffMember, staffSession } from '../../test/support/staff';
import { newConversationId, shopperMessage, sync, syncPayload } from '../../test/support/support';

let t: TestOrigin;
let conversationId: string;
beforeAll(async () => {
  t = await startTestOrigin({ ...FAST_HASHING, ...FAST_CUSTOMER_HASHING });
  conversationId = newConversationId();
  await sync(t, syncPayload(conversationId, [shopperMessage(conversationId, 1)]));
});
afterAll(() => t.close());

const check = (body: unknown) => edgeCall(t, 'POST', supportPaths.socketCredentials, body);

async function verdicts(credentials: SocketCredential[]) {
  const res = await check({ credentials });
  expect(res.status).toBe(200);
  return ((await res.json()) as { results: unknown[] }).results;
}

/** The credential an agent's ticket from the admin API carries. */
async function agentCredential(agent: StaffMember): Promise<SocketCredential> {
  const res = await agent.call('POST', `/admin/conversations/${conversationId}/ticket`);
  expect(res.status).toBe(200);
  const { ticket } = (await res.json()) as { ticket: string };
  const claims = await verifyTicket(t.config.internalSecret, ticket, conversationId);
  return claims?.credential as SocketCredential;
}

const shopperCredential = (s: AuthSession): SocketCredential => ({
  kind: 'customer_session',
  customerId: s.customer.id,
  sessionId: /^rt_(ses_[^.]+)\./.exec(s.refreshToken)?.[1] as string,
});

describe('the sockets’ credential check', () => {
  it('names the agent’s staff session in the ticket, never its token', async () => {
    const agent = await staffSession(t, 'support');
    const credential = await agentCredential(agent);
    expect(credential).toMatchObject({ kind: 'staff_session', staffId: agent.id });
    expect(JSON.stringify(credential)).not.toContain(agent.token.slice(5));
    expect(await verdicts([credential])).toEqual([{ valid: true }]);
  });

  it('finds an agent’s socket lapsed after logout, disabling or losing the support role', async () => {
    const [loggedOut, disabled, demoted, staying] = [
      await staffSession(t, 'support'),
      await staffSession(t, 'support'),
      await staffSession(t, 'support'),
      await staffSession(t, 'support'),
    ];
    const credentials = [
      await agentCredential(loggedOut),
      await agentCredential(disabled),
      await agentCredential(demoted),
      await agentCredential(staying),
    ];
    expect(await verdicts(credentials)).toEqual([{ valid: true }, { valid: true }, { valid: true }, { valid: true }]);
    expect((await loggedOut.call('POST', '/admin/auth/logout')).status).toBe(204);
    expect((await t.admin('PATCH', `/admin/staff/${disabled.id}`, { disabled: true })).status).toBe(200);
    expect((await t.admin('PATCH', `/admin/staff/${demoted.id}`, { role: 'catalog' })).status).toBe(200);
    expect(await verdicts(credentials)).toEqual([
      { valid: false, reason: 'session_ended' },
      { valid: false, reason: 'staff_disabled' },
      { valid: false, reason: 'permission_revoked' },
      { valid: true },
    ]);
  });

  it('finds a shopper’s socket lapsed after logout, among agents’ in one call', async () => {
    const [leaving, staying] = [await registerCustomer(t), await registerCustomer(t)];
    const agent = await staffSession(t, 'support');
    const credentials = [shopperCredential(leaving), await agentCredential(agent), shopperCredential(staying)];
    expect(await verdicts(credentials)).toEqual([{ valid: true }, { valid: true }, { valid: true }]);
    expect((await edgeCall(t, 'POST', customerPaths.logout, {}, leaving.accessToken)).status).toBe(204);
    expect(await verdicts(credentials)).toEqual([
      { valid: false, reason: 'session_ended' },
      { valid: true },
      { valid: true },
    ]);
  });

  it('holds the root token’s sockets while it is the configured one', async () => {
    const res = await t.admin('POST', `/admin/conversations/${conversationId}/ticket`);
    const { ticket } = (await res.json()) as { ticket: string };
    const credential = (await verifyTicket(t.config.internalSecret, ticket, conversationId))?.credential;
    expect(credential).toMatchObject({ kind: 'root', tokenHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(await verdicts([credential as SocketCredential])).toEqual([{ valid: true }]);
    expect(await verdicts([{ kind: 'root', tokenHash: '0'.repeat(64) }])).toEqual([
      { valid: false, reason: 'credential_revoked' },
    ]);
  });

  it('refuses malformed or oversized checks with 400, and unsigned ones with 401', async () => {
    const live: SocketCredential = { kind: 'root', tokenHash: '0'.repeat(64) };
    for (const body of [
      {},
      { credentials: [] },
      { credentials: Array.from({ length: CREDENTIALS_PER_CHECK + 1 }, () => live) },
      { credentials: [{ kind: 'guest' }] },
      { credentials: [{ kind: 'staff_session', staffId: 'stf_1', sessionHash: 'not-a-hash' }] },
      { credentials: [{ kind: 'customer_session', customerId: 'cus_1', sessionId: 'x'.repeat(129) }] },
      { credentials: [{ ...live, extra: 1 }] },
    ]) {
      const res = await check(body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: 'invalid_request' } });
    }
    const unsigned = await t.origin.app.request(supportPaths.socketCredentials, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ credentials: [live] }),
    });
    expect(unsigned.status).toBe(401);
  });
});
