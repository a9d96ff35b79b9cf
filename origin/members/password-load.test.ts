/**
 * Password hashing under load: every hash and check of a request goes through one gate per
 * process, so a flood of logins is refused at once (503 `busy`, Retry-After) instead of queueing
 * CPU work without bound; staff and shoppers share the gate.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerPaths } from '../../contract/customers';
import { CUSTOMER_PASSWORD, edgeCall, newEmail } from '../../test/support/customers';
import { startTestOrigin, type TestOrigin, uid } from '../../test/support/origin';
import { login, PASSWORD } from '../../test/support/staff';

let t: TestOrigin;
let email: string;
beforeAll(async () => {
  // Production's 600,000 rounds for this member's hash: each login check takes real time.
  t = await startTestOrigin({ PASSWORD_HASH_CONCURRENCY: '1', PASSWORD_HASH_QUEUE: '1' });
  email = `load-${uid()}@shop.test`;
  expect((await t.admin('POST', '/admin/staff', { email, password: PASSWORD, role: 'catalog' })).status).toBe(201);
});
afterAll(() => t.close());

async function expectBusy(res: Response) {
  expect(res.status).toBe(503);
  expect(res.headers.get('retry-after')).toBe('1');
  expect(await res.json()).toMatchObject({ error: { code: 'busy' } });
}

describe('the password hashing gate', () => {
  it('answers a burst of logins with 503 busy and Retry-After beyond what the gate holds', async () => {
    const answers = await Promise.all(Array.from({ length: 10 }, () => login(t, email, PASSWORD)));
    const served = answers.filter((r) => r.status === 200).length;
    // The first check runs and the second waits for it; a 600,000-round check takes far longer
    // than the other eight take to arrive, so they find the line full and are refused.
    expect(served).toBeGreaterThanOrEqual(2);
    expect(served).toBeLessThan(10);
    for (const res of answers.filter((r) => r.status !== 200)) await expectBusy(res);
  });

  it('refuses at once while the gate is full, staff and shoppers alike, and serves again after', async () => {
    let settled = false;
    // Two long hashes fill the gate (one running, one waiting).
    const occupied = Promise.all([
      t.origin.ctx.passwords.hash('occupies the gate', 3_000_000),
      t.origin.ctx.passwords.hash('waits at the gate', 3_000_000),
    ]).finally(() => {
      settled = true;
    });
    await expectBusy(await login(t, email, PASSWORD));
    await expectBusy(
      await edgeCall(t, 'POST', customerPaths.register, { email: newEmail(), password: CUSTOMER_PASSWORD }),
    );
    expect(settled).toBe(false);
    await occupied;
    expect((await login(t, email, PASSWORD)).status).toBe(200);
  });
});
