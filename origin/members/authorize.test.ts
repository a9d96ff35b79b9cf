/**
 * The gate itself: every admin operation of the OpenAPI document declares its permission, and
 * a route that declares none is refused, even to the root token.
 */
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startTestOrigin, type TestOrigin } from '../../test/support/origin';
import { authorizeAdmin } from './authorize';
import { ROUTE_PERMISSIONS } from './permissions';
import { authenticate } from './principal';

let t: TestOrigin;
beforeAll(async () => {
  t = await startTestOrigin();
});
afterAll(() => t.close());

async function adminOperations(): Promise<string[]> {
  const doc = (await (await t.origin.app.request('/openapi.json')).json()) as { paths: Record<string, object> };
  return Object.entries(doc.paths)
    .filter(([path]) => path.startsWith('/admin'))
    .flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
}

describe('the permission table', () => {
  it('declares a permission for every admin operation of the OpenAPI document', async () => {
    const undeclared = (await adminOperations()).filter((op) => !(op in ROUTE_PERMISSIONS));
    expect(undeclared).toEqual([]);
  });

  it('declares no route the app does not have (a renamed route would leave a stale line)', async () => {
    const ops = new Set(await adminOperations());
    expect(Object.keys(ROUTE_PERMISSIONS).filter((key) => !ops.has(key))).toEqual([]);
  });
});

describe('deny by default', () => {
  const app = () => {
    const a = new Hono();
    a.use(
      '/admin/*',
      authorizeAdmin({
        authenticate: (header) => authenticate(t.origin.ctx.db, ADMIN_TOKEN, header),
        table: { 'GET /admin/ok': 'orders:read' },
      }),
    );
    a.get('/admin/ok', (c) => c.json({ ok: true }));
    a.get('/admin/forgotten/:id', (c) => c.json({ leaked: true }));
    return a;
  };
  const get = (path: string, token?: string) =>
    app().request(path, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  it('refuses a route missing from the table, even to the root token', async () => {
    const res = await get('/admin/forgotten/1', ADMIN_TOKEN);
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: { code: 'forbidden' } });
  });

  it('asks an anonymous caller to authenticate before saying anything about the route', async () => {
    expect((await get('/admin/forgotten/1')).status).toBe(401);
    expect((await get('/admin/nothing-here')).status).toBe(401);
  });

  it('runs a declared route for a caller holding its permission', async () => {
    const res = await get('/admin/ok', ADMIN_TOKEN);
    expect(res.status).toBe(200);
  });

  it('answers 404 to an authenticated caller on a path with no route', async () => {
    expect((await get('/admin/nothing-here', ADMIN_TOKEN)).status).toBe(404);
  });
});
