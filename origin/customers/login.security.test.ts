/**
 * Shopper login as a lock-out weapon: failures lock an email only for the shopper's address the
 * edge forwards (`x-client-address`), so an attacker cannot lock the account's owner out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerPaths as paths } from '../../contract/customers';
import {
  CUSTOMER_PASSWORD,
  edgeCall,
  FAST_CUSTOMER_HASHING,
  newEmail,
  registerCustomer,
} from '../../test/support/customers';
import { startTestOrigin, type TestOrigin } from '../../test/support/origin';
import { CLIENT_ADDRESS_HEADER } from '../platform/client-address';

let t: TestOrigin;
beforeAll(async () => {
  t = await startTestOrigin(FAST_CUSTOMER_HASHING);
});
afterAll(() => t.close());

describe('the lock after failed shopper logins', () => {
  it("locks an email only for the shopper's address the edge forwards, not for the account's owner elsewhere", async () => {
    const email = newEmail();
    await registerCustomer(t, email);
    const from = (address: string, password = CUSTOMER_PASSWORD) =>
      edgeCall(t, 'POST', paths.login, { email, password }, undefined, { [CLIENT_ADDRESS_HEADER]: address });
    for (let i = 0; i < 5; i++) expect((await from('203.0.113.5', 'wrong password here')).status).toBe(401);
    const locked = await from('203.0.113.5');
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await from('2001:db8:5:5::/64')).status).toBe(200);
  });

  it('without the header (an edge that does not send it) counts every caller as one: the old lock per email', async () => {
    const email = newEmail();
    await registerCustomer(t, email);
    const login = (password: string) => edgeCall(t, 'POST', paths.login, { email, password });
    for (let i = 0; i < 5; i++) expect((await login('wrong password here')).status).toBe(401);
    expect((await login(CUSTOMER_PASSWORD)).status).toBe(429);
  });
});
