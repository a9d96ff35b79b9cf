/**
 * Staff fixtures over the real admin API: accounts of each role logged in, API keys, and a
 * caller bound to any bearer credential. Tests start their origin with FAST_HASHING so that
 * PBKDF2 does not dominate their run time (production hashes with 600,000 rounds).
 */
import type { StaffRole } from '../../origin/members/permissions';
import type { ClientBindings } from '../../origin/platform/client-address';
import { type TestOrigin, uid } from './origin';

export const FAST_HASHING = { STAFF_PASSWORD_ITERATIONS: '1000' };
export const PASSWORD = 'correct horse battery staple';

export type Caller = (method: string, path: string, body?: unknown) => Promise<Response>;

/** Calls the origin with `Authorization: Bearer <credential>` (none when null). */
export function callerWith(t: TestOrigin, credential: string | null): Caller {
  return async (method, path, body) =>
    t.origin.app.request(path, {
      method,
      headers: {
        ...(credential ? { authorization: `Bearer ${credential}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
}

export const login = (t: TestOrigin, email: string, password: string) =>
  callerWith(t, null)('POST', '/admin/auth/login', { email, password });

/**
 * A staff login from the client address `from`, given to the app as `server.ts` gives it the
 * socket's peer (the `clientAddress` binding); `headers` are sent as well.
 */
export const loginFrom = (
  t: TestOrigin,
  from: string,
  email: string,
  password: string,
  headers: Record<string, string> = {},
) =>
  t.origin.app.request(
    '/admin/auth/login',
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ email, password }),
    },
    { clientAddress: from } satisfies ClientBindings,
  );

export interface StaffMember {
  id: string;
  email: string;
  token: string;
  call: Caller;
}

/** A fresh address from 198.18.0.0/15 (reserved for tests), like a member at their own desk. */
export const deskAddress = () => {
  const [a = 0, b = 0] = crypto.getRandomValues(new Uint8Array(2));
  return `198.${18 + (a & 1)}.${b}.${1 + (a >> 1)}`;
};

/** A new staff member of `role`, created with the root token and logged in from their own address. */
export async function staffSession(t: TestOrigin, role: StaffRole): Promise<StaffMember> {
  const email = `${role}-${uid()}@shop.test`;
  const created = await t.admin('POST', '/admin/staff', { email, password: PASSWORD, role });
  if (created.status !== 201) throw new Error(`create staff: ${created.status} ${await created.text()}`);
  const { id } = (await created.json()) as { id: string };
  const res = await loginFrom(t, deskAddress(), email, PASSWORD);
  if (res.status !== 200) throw new Error(`login: ${res.status} ${await res.text()}`);
  const { token } = (await res.json()) as { token: string };
  return { id, email, token, call: callerWith(t, token) };
}

/** A new API key with `permissions`, created by `creator` (the root token by default). */
export async function apiKey(
  t: TestOrigin,
  permissions: string[],
  creator: Caller = callerWith(t, t.config.adminToken),
): Promise<{ id: string; key: string; call: Caller }> {
  const res = await creator('POST', '/admin/api-keys', { name: `key ${uid()}`, permissions });
  if (res.status !== 201) throw new Error(`create key: ${res.status} ${await res.text()}`);
  const { key, apiKey: record } = (await res.json()) as { key: string; apiKey: { id: string } };
  return { id: record.id, key, call: callerWith(t, key) };
}
