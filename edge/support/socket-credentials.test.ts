/**
 * Conversation sockets end with their credentials: the conversation object re-checks the
 * credential each socket's ticket named (one origin call per check) and closes those that lapsed.
 * The origin is the fake behind `fetch`: customer sessions live in its customer service, staff
 * credentials hold unless a test marks them lapsed (the origin's side has its own tests).
 */
import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { issueTicket } from '../../contract/chat-ticket';
import type { AuthSession } from '../../contract/customers';
import type { CredentialLapse, SocketCredential } from '../../contract/support';
import { TEST_SECRET } from '../../test/edge/catalog-fixtures';
import {
  conversationStubOf,
  openConversation,
  openSocket,
  runCredentialCheck,
  shopperTicket,
} from '../../test/edge/chat-sockets';
import { edgeFetch, jsonRequest } from '../../test/edge/edge-fetch';
import { type FakeOrigin, installFakeOrigin } from '../../test/edge/fake-origin';
import { credentialKey } from './socket-credential-rules';

let origin: FakeOrigin;
beforeEach(() => {
  origin = installFakeOrigin();
  vi.spyOn(console, 'error').mockImplementation(() => {});
  vi.spyOn(console, 'warn').mockImplementation(() => {});
});
afterEach(() => vi.restoreAllMocks());

async function signUp(): Promise<AuthSession> {
  const res = await edgeFetch(
    '/api/auth/register',
    jsonRequest('POST', { email: `${crypto.randomUUID()}@example.com`, password: 'a long enough password' }),
  );
  expect(res.status).toBe(201);
  return res.json<AuthSession>();
}
const asShopper = (s: AuthSession) => ({ authorization: `Bearer ${s.accessToken}` });

let staffCount = 0;
/** A credential as the origin's admin API names an agent's staff session. */
function agentSession(): SocketCredential {
  const hex = (++staffCount).toString(16).padStart(64, '0');
  return { kind: 'staff_session', staffId: `stf_${staffCount}`, sessionHash: hex };
}

async function agentSocket(id: string, credential: SocketCredential) {
  const { ticket } = await issueTicket(TEST_SECRET, { conversationId: id, role: 'agent', name: 'Grace', credential });
  return openSocket(id, ticket);
}

const alarmOf = (id: string) =>
  runInDurableObject(conversationStubOf(id), (_object, state: DurableObjectState) => state.storage.getAlarm());

describe('a signed-in shopper’s socket', () => {
  it('closes with 4401 session_ended once the shopper logs out', async () => {
    const session = await signUp();
    const { id } = await openConversation(asShopper(session));
    const socket = await openSocket(id, await shopperTicket(id, asShopper(session)));
    const [asked] = await runCredentialCheck(origin, id);
    expect(asked).toEqual([
      { kind: 'customer_session', customerId: session.customer.id, sessionId: expect.any(String) },
    ]);
    expect(socket.closed).toBeNull();

    const out = await edgeFetch('/api/auth/logout', { method: 'POST', headers: asShopper(session) });
    expect(out.status).toBe(204);
    expect(await runCredentialCheck(origin, id)).toHaveLength(1);
    expect(await socket.closing()).toEqual({ code: 4401, reason: 'session_ended' });
  });

  it('of a guest conversation has no credential: it stays open and the object is never woken for it', async () => {
    const { id } = await openConversation();
    const guest = await openSocket(id, await shopperTicket(id));
    // the sync of the first message is the alarm's only business
    expect(await runDurableObjectAlarm(conversationStubOf(id))).toBe(true);
    expect(origin.supportSyncs).toHaveLength(1);
    expect(await alarmOf(id)).toBeNull();
    expect(await runDurableObjectAlarm(conversationStubOf(id))).toBe(false);
    expect(origin.credentialChecks).toEqual([]);
    guest.ws.send(JSON.stringify({ type: 'message', body: 'Still there?' }));
    await vi.waitFor(() => expect(guest.events.map((e) => e.message?.body)).toContain('Still there?'), {
      timeout: 2000,
      interval: 10,
    });
    expect(guest.closed).toBeNull();
  });
});

describe('an agent’s socket', () => {
  const lapses: [string, CredentialLapse, number][] = [
    ['the agent’s staff account is disabled', 'staff_disabled', 4403],
    ['the agent loses the support role', 'permission_revoked', 4403],
    ['the agent’s staff session ends (logout or expiry)', 'session_ended', 4401],
  ];
  for (const [when, reason, code] of lapses) {
    it(`closes with ${code} ${reason} after ${when}; other sockets stay open`, async () => {
      const { id } = await openConversation();
      const [leaving, staying] = [agentSession(), agentSession()];
      const agent = await agentSocket(id, leaving);
      const colleague = await agentSocket(id, staying);
      const guest = await openSocket(id, await shopperTicket(id));
      const both = [expect.arrayContaining([leaving, staying])];
      expect(await runCredentialCheck(origin, id)).toEqual(both);
      expect(agent.closed).toBeNull();

      origin.lapsedStaff.set(credentialKey(leaving), reason);
      expect(await runCredentialCheck(origin, id)).toEqual(both);
      expect(await agent.closing()).toEqual({ code, reason });
      expect(colleague.closed).toBeNull();
      expect(guest.closed).toBeNull();
    });
  }
});

describe('the credential check', () => {
  it('asks once per check for every distinct credential, and keeps valid sockets open check after check', async () => {
    const session = await signUp();
    const { id } = await openConversation(asShopper(session));
    const agent = agentSession();
    const sockets = [
      await openSocket(id, await shopperTicket(id, asShopper(session))),
      await openSocket(id, await shopperTicket(id, asShopper(session))), // a second tab
      await agentSocket(id, agent),
      await agentSocket(id, agent), // the agent's second window
    ];
    for (let round = 0; round < 3; round++) {
      const checks = await runCredentialCheck(origin, id);
      expect(checks).toHaveLength(1);
      expect(checks[0]).toHaveLength(2);
      expect(checks[0]).toContainEqual(agent);
    }
    expect(sockets.map((s) => s.closed)).toEqual([null, null, null, null]);
  });

  it('runs on the configured interval while a checked socket is open, and stops when the last one closes', async () => {
    const { id } = await openConversation();
    await runDurableObjectAlarm(conversationStubOf(id)); // the first message's sync
    expect(await alarmOf(id)).toBeNull();
    const before = Date.now();
    const agent = await agentSocket(id, agentSession());
    const due = await alarmOf(id);
    expect(due).toBeGreaterThanOrEqual(before + 60_000); // CHAT_CREDENTIAL_CHECK_SECONDS in wrangler.toml
    expect(due).toBeLessThanOrEqual(Date.now() + 60_000);
    await runCredentialCheck(origin, id);
    expect(await alarmOf(id)).toBeGreaterThanOrEqual(Date.now() + 59_000);

    agent.ws.close(1000, 'bye');
    await vi.waitFor(async () => expect(await alarmOf(id)).toBeNull(), { timeout: 2000, interval: 20 });
    expect(await runCredentialCheck(origin, id)).toEqual([]);
  });

  it('keeps the sockets open while the origin cannot answer, and closes them at the next check that it can', async () => {
    const { id } = await openConversation();
    const credential = agentSession();
    const agent = await agentSocket(id, credential);
    origin.lapsedStaff.set(credentialKey(credential), 'staff_disabled');
    origin.failWith = 503;
    await runCredentialCheck(origin, id);
    expect(agent.closed).toBeNull();
    expect(await alarmOf(id)).not.toBeNull();
    origin.failWith = null;
    expect(await runCredentialCheck(origin, id)).toEqual([[credential]]);
    expect(await agent.closing()).toEqual({ code: 4403, reason: 'staff_disabled' });
  });

  it('ignores a credential header sent by the client: only the ticket names the credential', async () => {
    const { id } = await openConversation();
    const lapsed = agentSession();
    origin.lapsedStaff.set(credentialKey(lapsed), 'staff_disabled');
    const guest = await openSocket(id, await shopperTicket(id), { 'x-chat-credential': JSON.stringify(lapsed) });
    await runDurableObjectAlarm(conversationStubOf(id));
    expect(await runCredentialCheck(origin, id)).toEqual([]);
    expect(guest.closed).toBeNull();
  });

  it('still runs an inbox sync whose alarm was set before the object kept timers', async () => {
    const { id } = await openConversation();
    await runInDurableObject(conversationStubOf(id), async (_object, state: DurableObjectState) => {
      state.storage.kv.delete('timer:sync');
      await state.storage.setAlarm(Date.now() + 5_000);
    });
    expect(await runDurableObjectAlarm(conversationStubOf(id))).toBe(true);
    expect(origin.supportSyncs.map((s) => s.messages.map((m) => m.body))).toEqual([['Hello']]);
    expect(await alarmOf(id)).toBeNull();
  });
});
