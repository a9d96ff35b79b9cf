/** A customer session judged by its identity ends exactly when its tokens stop working. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthSession } from '../../contract/customers';
import { customerPaths as paths } from '../../contract/customers';
import {
  CUSTOMER_PASSWORD,
  edgeCall,
  FAST_CUSTOMER_HASHING,
  newEmail,
  registerCustomer,
} from '../../test/support/customers';
import { startTestOrigin, type TestOrigin } from '../../test/support/origin';
import { customerSessionsAlive } from './session-status';

let t: TestOrigin;
beforeAll(async () => {
  t = await startTestOrigin(FAST_CUSTOMER_HASHING);
});
afterAll(() => t.close());

const refOf = (s: AuthSession) => ({
  customerId: s.customer.id,
  sessionId: /^rt_(ses_[^.]+)\./.exec(s.refreshToken)?.[1] as string,
});
const alive = async (s: AuthSession) => (await customerSessionsAlive(t.origin.ctx, [refOf(s)]))[0];
const me = (s: AuthSession) => edgeCall(t, 'GET', paths.me, undefined, s.accessToken);

describe('customer sessions held by a socket', () => {
  it('stay alive through refreshes and end with logout', async () => {
    const session = await registerCustomer(t);
    expect(await alive(session)).toBe(true);
    const refreshed = (await (
      await edgeCall(t, 'POST', paths.refresh, { refreshToken: session.refreshToken })
    ).json()) as AuthSession;
    expect(refOf(refreshed)).toEqual(refOf(session));
    expect(await alive(refreshed)).toBe(true);
    expect((await edgeCall(t, 'POST', paths.logout, {}, refreshed.accessToken)).status).toBe(204);
    expect((await me(refreshed)).status).toBe(401);
    expect(await alive(session)).toBe(false);
  });

  it('end with a password change, every one but the new session', async () => {
    const email = newEmail();
    const a = await registerCustomer(t, email);
    const b = (await (
      await edgeCall(t, 'POST', paths.login, { email, password: CUSTOMER_PASSWORD })
    ).json()) as AuthSession;
    const changed = await edgeCall(
      t,
      'POST',
      paths.changePassword,
      { currentPassword: CUSTOMER_PASSWORD, newPassword: 'a brand new password' },
      a.accessToken,
    );
    const fresh = (await changed.json()) as AuthSession;
    expect(await customerSessionsAlive(t.origin.ctx, [refOf(a), refOf(fresh), refOf(b)])).toEqual([false, true, false]);
  });

  it('belong to their customer only, and an unknown session is not alive', async () => {
    const [a, b] = [await registerCustomer(t), await registerCustomer(t)];
    const answers = await customerSessionsAlive(t.origin.ctx, [
      { ...refOf(a), customerId: b.customer.id },
      { ...refOf(a), sessionId: 'ses_unknownunknownunknown' },
      refOf(b),
    ]);
    expect(answers).toEqual([false, false, true]);
    expect(await customerSessionsAlive(t.origin.ctx, [])).toEqual([]);
  });
});
