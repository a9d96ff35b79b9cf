/**
 * Malformed input on the customer routes, as a buggy or hostile client could send it through
 * the edge (signed, so it reaches the handlers): always a 4xx JSON error, never a 500. And the
 * dev mailbox, which holds live one-time links, exists only outside production.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthSession } from '../../contract/customers';
import { customerPaths as paths } from '../../contract/customers';
import { signInternalRequest } from '../../contract/signing';
import { edgeCall, FAST_CUSTOMER_HASHING, registerCustomer } from '../../test/support/customers';
import { INTERNAL_SECRET, startTestOrigin, type TestOrigin } from '../../test/support/origin';
import { createApp } from '../app';
import type { EmailSender } from '../platform/email/email-sender';

let t: TestOrigin;
let session: AuthSession;

beforeAll(async () => {
  t = await startTestOrigin(FAST_CUSTOMER_HASHING);
  session = await registerCustomer(t);
});
afterAll(() => t.close());

/** A signed call with a raw body (not necessarily JSON) and any customer token header. */
async function rawCall(method: 'GET' | 'POST', path: string, raw: string, customerToken?: string) {
  const token: Record<string, string> =
    customerToken === undefined ? {} : { [paths.customerTokenHeader]: customerToken };
  const headers = await signInternalRequest(INTERNAL_SECRET, method, path, raw, { headers: token });
  if (raw) headers['content-type'] = 'application/json';
  return t.origin.app.request(path, { method, headers, body: raw || undefined });
}

async function expectClientError(res: Response, what: string) {
  expect(res.status, what).toBeGreaterThanOrEqual(400);
  expect(res.status, what).toBeLessThan(500);
  const body = (await res.json()) as { error?: { code?: unknown } };
  expect(typeof body.error?.code, what).toBe('string');
}

const postRoutes = [
  paths.register,
  paths.login,
  paths.refresh,
  paths.logout,
  paths.changePassword,
  paths.requestReset,
  paths.confirmReset,
  paths.verifyEmail,
  paths.resendVerification,
  paths.claimOrders,
];
const badBodies = [
  '{bad',
  '[]',
  'null',
  '"text"',
  '{"unknown":true}',
  '{"email":12,"password":["x"]}',
  `{"email":"${'a'.repeat(300)}@example.com","password":"${'p'.repeat(300)}"}`,
  '{"token":"ev_\\u0000","refreshToken":"rt_ses_x.y","currentPassword":null}',
];

describe('malformed input on every customer route', () => {
  it('answers 4xx JSON to bad bodies, signed in or not', async () => {
    // Control: the same signed calls with good input reach the handlers (a 401 is a 4xx too).
    expect((await rawCall('POST', paths.requestReset, '{"email":"nobody@example.com"}')).status).toBe(202);
    expect((await rawCall('GET', paths.me, '', session.accessToken)).status).toBe(200);
    for (const path of postRoutes) {
      for (const raw of badBodies) {
        await expectClientError(await rawCall('POST', path, raw), `${path} ${raw}`);
        await expectClientError(await rawCall('POST', path, raw, session.accessToken), `${path} ${raw} (signed in)`);
      }
    }
  });

  it('answers 401 to garbage customer tokens, and 4xx to bad paging', async () => {
    const garbage = ['', 'x', 'a.b.c', `${'e'.repeat(5000)}`, 'eyJhbGciOiJub25lIn0.e30.', '%00'];
    for (const token of garbage) {
      for (const path of [paths.me, paths.myOrders]) {
        await expectClientError(await rawCall('GET', path, '', token), `${path} ${token.slice(0, 20)}`);
      }
    }
    for (const query of ['limit=0', 'limit=-1', 'limit=abc', 'limit=100000', `cursor=${'z'.repeat(500)}`]) {
      const path = `${paths.myOrders}?${query}`;
      const res = await edgeCall(t, 'GET', path, undefined, session.accessToken);
      expect(res.status, query).toBeLessThan(500);
      if (res.status >= 400) await expectClientError(res, query);
    }
  });
});

describe('the dev mailbox', () => {
  it('is served outside production with the console sender', async () => {
    const res = await t.origin.app.request(`/dev/mailbox?to=${encodeURIComponent(session.customer.email)}`);
    expect(res.status).toBe(200);
    const { items } = (await res.json()) as { items: { to: string; subject: string; sentAt: string }[] };
    expect(items[0]).toMatchObject({ to: session.customer.email, subject: expect.any(String) });
  });

  it('does not exist in production, nor with a real sender', async () => {
    const production = createApp({ ...t.origin.ctx, config: { ...t.origin.ctx.config, production: true } });
    expect((await production.request('/dev/mailbox')).status).toBe(404);
    const realSender: EmailSender = { kind: 'provider', send: async () => {} };
    const withProvider = createApp({ ...t.origin.ctx, email: realSender });
    expect((await withProvider.request('/dev/mailbox')).status).toBe(404);
  });
});
