import { describe, expect, it } from 'vitest';
import { issueTicket, TICKET_TTL_MS, verifyTicket } from './chat-ticket';

const SECRET = 'a-test-secret-of-enough-length-0123456789';
const ID = `conv_${'a'.repeat(64)}`;
const AGENT_SESSION = { kind: 'staff_session', staffId: 'stf_1', sessionHash: 'b'.repeat(64) } as const;

describe('conversation socket tickets', () => {
  it('carry their claims for one conversation until they expire', async () => {
    const now = 1_900_000_000_000;
    const { ticket, expiresAt } = await issueTicket(
      SECRET,
      { conversationId: ID, role: 'agent', name: 'Grace', credential: AGENT_SESSION },
      now,
    );
    expect(expiresAt).toBe(now + TICKET_TTL_MS);
    expect(await verifyTicket(SECRET, ticket, ID, now + 1)).toMatchObject({
      conversationId: ID,
      role: 'agent',
      name: 'Grace',
      credential: AGENT_SESSION,
    });
    expect(await verifyTicket(SECRET, ticket, ID, expiresAt)).toBeNull();
    expect(await verifyTicket(SECRET, ticket, `conv_${'b'.repeat(64)}`, now)).toBeNull();
  });

  it('are refused when forged, altered or garbled', async () => {
    const { ticket } = await issueTicket(SECRET, { conversationId: ID, role: 'shopper', name: 'Ada' });
    const [payload, sig] = ticket.split('.') as [string, string];
    const promoted = btoa(atob(payload.replaceAll('-', '+').replaceAll('_', '/')).replace('"shopper"', '"agent"'))
      .replaceAll('+', '-')
      .replaceAll('/', '_')
      .replace(/=+$/, '');
    for (const bad of [`${promoted}.${sig}`, `${payload}.${sig.slice(1)}`, `${payload}.${sig}.x`, '', 'garbage', '.']) {
      expect(await verifyTicket(SECRET, bad, ID)).toBeNull();
    }
    expect(await verifyTicket('another-secret', ticket, ID)).toBeNull();
    const twice = await issueTicket(SECRET, { conversationId: ID, role: 'shopper', name: 'Ada' });
    expect(twice.ticket).not.toBe(ticket); // a fresh nonce each time
  });

  it('name the credential the socket stays open on: none only for a guest shopper', async () => {
    const guest = await issueTicket(SECRET, { conversationId: ID, role: 'shopper', name: 'Ada' });
    expect((await verifyTicket(SECRET, guest.ticket, ID))?.credential).toBeNull();
    const customer = { kind: 'customer_session', customerId: 'cus_1', sessionId: 'ses_1' } as const;
    const signedIn = await issueTicket(SECRET, {
      conversationId: ID,
      role: 'shopper',
      name: 'Ada',
      credential: customer,
    });
    expect((await verifyTicket(SECRET, signedIn.ticket, ID))?.credential).toEqual(customer);
    // an agent's socket is always re-checked, so an agent ticket without a credential is refused
    const bare = await issueTicket(SECRET, { conversationId: ID, role: 'agent', name: 'Grace' });
    expect(await verifyTicket(SECRET, bare.ticket, ID)).toBeNull();
  });

  it('refuse a credential of the wrong shape, even correctly signed', async () => {
    for (const credential of [
      { kind: 'guest' },
      { kind: 'staff_session', staffId: 'stf_1', sessionHash: 'the-token-itself' },
      { kind: 'staff_session', staffId: '', sessionHash: 'b'.repeat(64) },
      { kind: 'customer_session', customerId: 'cus_1' },
      { kind: 'api_key', keyId: 'key_1', extra: true },
      { kind: 'root', tokenHash: 'B'.repeat(64) },
      'root',
    ]) {
      const { ticket } = await issueTicket(SECRET, {
        conversationId: ID,
        role: 'agent',
        name: 'Grace',
        credential: credential as never,
      });
      expect(await verifyTicket(SECRET, ticket, ID), JSON.stringify(credential)).toBeNull();
    }
    for (const credential of [
      { kind: 'api_key', keyId: 'key_1' },
      { kind: 'root', tokenHash: 'c'.repeat(64) },
    ] as const) {
      const { ticket } = await issueTicket(SECRET, { conversationId: ID, role: 'agent', name: 'Grace', credential });
      expect((await verifyTicket(SECRET, ticket, ID))?.credential).toEqual(credential);
    }
  });
});
