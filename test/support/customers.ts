/**
 * Customer fixtures over the origin's signed internal routes, as the edge calls them: accounts,
 * sessions, the dev mailbox. Tests start their origin with FAST_CUSTOMER_HASHING so PBKDF2 does
 * not dominate their run time (production hashes with 600,000 rounds).
 */
import type { AuthSession } from '../../contract/customers';
import { customerPaths } from '../../contract/customers';
import { signInternalRequest } from '../../contract/signing';
import { INTERNAL_SECRET, type TestOrigin, uid } from './origin';

export const FAST_CUSTOMER_HASHING = { CUSTOMER_PASSWORD_ITERATIONS: '1000' };
export const CUSTOMER_PASSWORD = 'a long enough password';

/**
 * A signed internal call (the edge's), with `x-customer-token` when `accessToken` is given and
 * any `extra` headers (e.g. the shopper's address, `x-client-address`).
 */
export async function edgeCall(
  t: TestOrigin,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  accessToken?: string,
  extra: Record<string, string> = {},
): Promise<Response> {
  const raw = body === undefined ? '' : JSON.stringify(body);
  const token: Record<string, string> = accessToken ? { [customerPaths.customerTokenHeader]: accessToken } : {};
  const headers = await signInternalRequest(INTERNAL_SECRET, method, path, raw, { headers: { ...extra, ...token } });
  if (raw) headers['content-type'] = 'application/json';
  return t.origin.app.request(path, { method, headers, body: raw || undefined });
}

export const newEmail = () => `shopper-${uid()}@example.com`;

/** Registers a new customer (or `email`) and returns the session. */
export async function registerCustomer(t: TestOrigin, email = newEmail(), name?: string): Promise<AuthSession> {
  const res = await edgeCall(t, 'POST', customerPaths.register, { email, password: CUSTOMER_PASSWORD, name });
  if (res.status !== 201) throw new Error(`register: ${res.status} ${await res.text()}`);
  return (await res.json()) as AuthSession;
}

/** The newest one-time token mailed to `to` in a link to `path` (e.g. `/account/verify`). */
export async function mailedToken(t: TestOrigin, to: string, path: string): Promise<string> {
  const res = await t.origin.app.request(`/dev/mailbox?to=${encodeURIComponent(to)}`);
  const { items } = (await res.json()) as { items: { text: string }[] };
  for (const item of [...items].reverse()) {
    const match = new RegExp(`${path}\\?token=([A-Za-z0-9_-]+)`).exec(item.text);
    if (match?.[1]) return match[1];
  }
  throw new Error(`no ${path} mail for ${to}`);
}
