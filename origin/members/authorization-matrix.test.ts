/**
 * Every admin route × every kind of caller, generated from the OpenAPI document and judged by
 * the permission table and the role map: allowed callers get anything but 401/403, anonymous
 * callers 401, callers lacking the permission 403.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startTestOrigin, type TestOrigin } from '../../test/support/origin';
import { apiKey, FAST_HASHING, staffSession } from '../../test/support/staff';
import { allows, type Permission, permissionsOf, ROUTE_PERMISSIONS, STAFF_ROLES } from './permissions';

let t: TestOrigin;
let operations: { method: string; path: string }[];
const callers: { name: string; token: string | null; permissions: readonly Permission[] | null }[] = [];

beforeAll(async () => {
  t = await startTestOrigin(FAST_HASHING);
  const doc = (await (await t.origin.app.request('/openapi.json')).json()) as { paths: Record<string, object> };
  operations = Object.entries(doc.paths)
    .filter(([path]) => path.startsWith('/admin'))
    .flatMap(([path, methods]) => Object.keys(methods).map((m) => ({ method: m.toUpperCase(), path })));
  callers.push({ name: 'anonymous', token: null, permissions: null });
  for (const role of STAFF_ROLES) {
    callers.push({
      name: `${role} staff`,
      token: (await staffSession(t, role)).token,
      permissions: permissionsOf(role),
    });
  }
  const narrow: Permission[] = ['orders:read'];
  callers.push({ name: 'API key (orders:read)', token: (await apiKey(t, narrow)).key, permissions: narrow });
  callers.push({ name: 'ADMIN_TOKEN', token: ADMIN_TOKEN, permissions: permissionsOf('owner') });
});
afterAll(() => t.close());

describe('authorization matrix', () => {
  it('allows or denies every admin route for every caller as the permission table says', async () => {
    const wrong: string[] = [];
    for (const op of operations) {
      const required = ROUTE_PERMISSIONS[`${op.method} ${op.path}`];
      for (const caller of callers) {
        // Junk ids and an unexpected query parameter: the route is reached but refuses the input,
        // so the matrix never writes (and never logs a session out).
        const res = await t.origin.app.request(`${op.path.replace(/\{[^}]+\}/g, 'x')}?unexpected=1`, {
          method: op.method,
          headers: caller.token ? { authorization: `Bearer ${caller.token}` } : {},
        });
        const expected =
          required === 'public'
            ? 'allow'
            : caller.permissions === null
              ? 401
              : required && allows(caller.permissions, required)
                ? 'allow'
                : 403;
        const ok = expected === 'allow' ? res.status !== 401 && res.status !== 403 : res.status === expected;
        if (!ok) wrong.push(`${op.method} ${op.path} as ${caller.name}: ${res.status}, expected ${expected}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(operations.length).toBeGreaterThan(40);
    // The password routes have their rows: any credential for one's own, staff:admin for another's.
    expect(operations).toEqual(
      expect.arrayContaining([
        { method: 'POST', path: '/admin/me/password' },
        { method: 'PUT', path: '/admin/staff/{id}/password' },
      ]),
    );
  });
});
