import { describe, expect, it } from 'vitest';
import { issueTicket, TICKET_TTL_MS, verifyTicket } from './ticket';

const SECRET = 'a-test-secret-of-enough-length-0123456789';
const ID = `conv_${'a'.repeat(64)}`;

describe('conversation socket tickets', () => {
  it('carry their claims for one conversation until they expire', async () => {
    const now = 1_900_000_000_000;
    const { ticket, expiresAt } = await issueTicket(SECRET, { conversationId: ID, role: 'agent', name: 'Grace' }, now);
    expect(expiresAt).toBe(now + TICKET_TTL_MS);
    expect(await verifyTicket(SECRET, ticket, ID, now + 1)).toMatchObject({
      conversationId: ID,
      role: 'agent',
      name: 'Grace',
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
});
