import { describe, expect, it } from 'vitest';
import { CREDENTIAL_LAPSES, CREDENTIALS_PER_CHECK, type SocketCredential } from '../../contract/support';
import { checkBatches, closeFrame, credentialFromHeader, parseVerdicts } from './socket-credential-rules';

const session = (n: number): SocketCredential => ({
  kind: 'staff_session',
  staffId: `stf_${n}`,
  sessionHash: n.toString(16).padStart(64, '0'),
});

describe('socket credential rules', () => {
  it('ask about each distinct credential once, in batches the origin accepts', () => {
    const customer: SocketCredential = { kind: 'customer_session', customerId: 'cus_1', sessionId: 'ses_1' };
    const root: SocketCredential = { kind: 'root', tokenHash: 'f'.repeat(64) };
    expect(checkBatches([customer, session(1), { ...customer }, session(1), root])).toEqual([
      [customer, session(1), root],
    ]);
    // the same customer on another session, or another customer on this one, is another credential
    const others = [customer, { ...customer, sessionId: 'ses_2' }, { ...customer, customerId: 'cus_2' }];
    expect(checkBatches(others)).toEqual([others]);
    const many = Array.from({ length: CREDENTIALS_PER_CHECK * 2 + 1 }, (_, i) => session(i));
    expect(checkBatches(many).map((b) => b.length)).toEqual([CREDENTIALS_PER_CHECK, CREDENTIALS_PER_CHECK, 1]);
    expect(checkBatches([])).toEqual([]);
  });

  it('read only an answer with one well-formed verdict per credential', () => {
    const answer = { results: [{ valid: true }, { valid: false, reason: 'staff_disabled' }] };
    expect(parseVerdicts(answer, 2)).toEqual(answer.results);
    for (const bad of [
      null,
      {},
      { results: [{ valid: true }] },
      { results: [{ valid: true }, { valid: false }] },
      { results: [{ valid: true }, { valid: false, reason: 'bored' }] },
      { results: [{ valid: 'yes' }, { valid: true }] },
      { results: [null, { valid: true }] },
    ]) {
      expect(parseVerdicts(bad, 2), JSON.stringify(bad)).toBeNull();
    }
  });

  it('close with 4401 when signing in again helps and 4403 when it cannot, the lapse as the reason', () => {
    expect(CREDENTIAL_LAPSES.map(closeFrame)).toEqual([
      { code: 4401, reason: 'session_ended' },
      { code: 4401, reason: 'credential_revoked' },
      { code: 4403, reason: 'staff_disabled' },
      { code: 4403, reason: 'permission_revoked' },
    ]);
  });

  it('take the credential from the Worker’s header only when it has a credential’s shape', () => {
    expect(credentialFromHeader(null)).toBeNull();
    expect(credentialFromHeader(JSON.stringify(session(1)))).toEqual(session(1));
    for (const bad of ['', 'null', '{"kind":"guest"}', '{', JSON.stringify({ ...session(1), sessionHash: 'x' })]) {
      expect(credentialFromHeader(bad), bad).toBe('invalid');
    }
  });
});
