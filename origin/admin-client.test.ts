/**
 * The typed admin client: its type is built from `adminRouters`, so that list must be every
 * router the app mounts under /admin (a router missing from it would leave its routes out of the
 * client's type), and the client must really talk to the app it types.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, productInput, startTestOrigin, type TestOrigin } from '../test/support/origin';
import { ADMIN_BASE, adminClient, adminRouters } from './admin-client';

let t: TestOrigin;
beforeAll(async () => {
  t = await startTestOrigin();
});
afterAll(() => t.close());

/** The client's requests answered by the app in this process. */
const inProcess = () =>
  ((input: string | URL | Request, init?: RequestInit) => t.origin.app.request(input, init)) as typeof fetch;

const names = (routes: { method: string; path: string }[]) =>
  [...new Set(routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`))].sort();

describe('the admin client', () => {
  it('is typed from every router the app serves under /admin, and from nothing else', () => {
    const served = names(t.origin.app.routes.filter((r) => r.path.startsWith(`${ADMIN_BASE}/`)));
    const typed = names(
      Object.values(adminRouters).flatMap((router) =>
        router(t.origin.ctx).routes.map((r) => ({ method: r.method, path: `${ADMIN_BASE}${r.path}` })),
      ),
    );
    expect(served.length).toBeGreaterThan(40);
    expect(typed).toEqual(served);
  });

  it('calls the admin API with its credential and reads typed answers', async () => {
    const admin = adminClient('http://origin.test', ADMIN_TOKEN, {
      fetch: inProcess(),
    });
    const input = productInput();
    const created = await admin.admin.products.$post({
      json: input as Parameters<typeof admin.admin.products.$post>[0]['json'],
    });
    expect(created.status).toBe(201);
    if (created.status !== 201) return;
    const product = await created.json();
    expect(product.slug).toBe(input.slug);

    const read = await admin.admin.products[':id'].$get({ param: { id: product.id } });
    expect(read.status).toBe(200);
    if (read.status === 200) expect((await read.json()).variants).toHaveLength(2);

    const anonymous = adminClient('http://origin.test', 'not-a-token', {
      fetch: inProcess(),
    });
    expect((await anonymous.admin.products[':id'].$get({ param: { id: product.id } })).status).toBe(401);
  });
});
