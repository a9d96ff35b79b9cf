/**
 * Properties of the whole HTTP surface, generated from the OpenAPI document so a new route
 * cannot escape them: malformed input gets a 4xx JSON error (never a 500), nothing is written
 * by a refused request, and every admin route but the staff login needs a credential (which
 * permission each needs is origin/members/authorization-matrix.test.ts).
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, productInput, startTestOrigin, type TestOrigin } from '../test/support/origin';
import { ROUTE_PERMISSIONS } from './members/permissions';
import { DOCS_CSP } from './platform/docs-page';

let t: TestOrigin;
let operations: { method: string; path: string; hasBody: boolean }[];
beforeAll(async () => {
  t = await startTestOrigin();
  await t.admin('POST', '/admin/products', productInput());
  const doc = (await (await t.origin.app.request('/openapi.json')).json()) as {
    paths: Record<string, Record<string, { requestBody?: unknown }>>;
  };
  operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ method: method.toUpperCase(), path, hasBody: !!op.requestBody })),
  );
});
afterAll(() => t.close());

const fill = (path: string, value: string) => path.replace(/\{[^}]+\}/g, value);
const counts = async () => {
  const r = (await t.origin.ctx.db.execute(
    sql`select (select count(*) from products)::int + (select count(*) from variants)::int + (select count(*) from categories)::int as n`,
  )) as unknown as { rows: { n: number }[] };
  return Number(r.rows[0]?.n);
};

describe('the OpenAPI document', () => {
  it('publishes the fixed admin subset of the API contract (docs/api.md)', () => {
    const names = operations.map((o) => `${o.method} ${o.path}`);
    expect(names).toEqual(
      expect.arrayContaining([
        'GET /admin/inventory/{variantId}',
        'PUT /admin/inventory/{variantId}',
        'PATCH /admin/variants/{variantId}',
        'GET /admin/products',
        'POST /admin/products',
      ]),
    );
  });

  // Was a server-rendered table of the paths; now the interactive reference renders them in
  // the browser (e2e/browser/api-reference.test.ts), so the page itself names no route.
  it('has an interactive reference that loads only its own files, under a CSP that allows nothing else', async () => {
    const res = await t.origin.app.request('/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('content-security-policy')).toBe(DOCS_CSP);
    const html = await res.text();
    expect(html).toContain('data-openapi="/openapi.json"');
    const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] as string);
    const assets = sources.filter((s) => s.startsWith('/docs/assets/'));
    expect(assets).toHaveLength(3);
    expect(sources.filter((s) => !assets.includes(s))).toEqual(['data:,', '/openapi.json']);
    for (const asset of assets) {
      const file = await t.origin.app.request(asset);
      expect(file.status, asset).toBe(200);
      expect(file.headers.get('content-type'), asset).toMatch(/^text\/(javascript|css)/);
      expect(file.headers.get('cache-control'), asset).toContain('immutable');
      expect((await file.arrayBuffer()).byteLength, asset).toBeGreaterThan(100);
    }
    expect((await t.origin.app.request('/docs/assets/0.0.0/swagger-ui.css')).status).toBe(404);
  });
});

describe('malformed input on every admin route', () => {
  const badIds = ['x', 'prod_%00', `var_${'A'.repeat(200)}`, "cat_1'--", '%F0%9F%92%A9'];
  const badBodies = ['{bad', '[]', 'null', '{"unknown":true}', '"text"', '{"title":12,"price":"free"}'];

  it('answers 4xx JSON and writes nothing', async () => {
    const before = await counts();
    const problems: string[] = [];
    for (const op of operations.filter((o) => o.path.startsWith('/admin'))) {
      const attempts: { url: string; body?: string }[] = [];
      if (op.path.includes('{')) for (const id of badIds) attempts.push({ url: fill(op.path, id), body: '{}' });
      if (op.hasBody) for (const body of badBodies) attempts.push({ url: fill(op.path, 'prod_X'), body });
      attempts.push({ url: `${fill(op.path, 'var_X')}?unexpected=1`, body: op.hasBody ? '{}' : undefined });
      for (const a of attempts) {
        const res = await t.origin.app.request(a.url, {
          method: op.method,
          headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
          body: op.hasBody ? a.body : undefined,
        });
        const json = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
        const good =
          res.status >= 400 && res.status < 500 && typeof json?.error?.code === 'string' && json.error.message;
        if (!good) problems.push(`${op.method} ${a.url} body=${a.body} → ${res.status}`);
      }
    }
    expect(problems).toEqual([]);
    expect(await counts()).toBe(before);
  });

  it('refuses a body over 1 MiB with 413', async () => {
    const res = await t.admin('POST', '/admin/products', { title: 'x', description: 'y'.repeat(1_100_000) });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { code: 'payload_too_large' } });
  });

  it('answers unknown routes with 404 JSON', async () => {
    const res = await t.origin.app.request('/nope');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'not_found' } });
  });
});

describe('authentication', () => {
  it('refuses every admin route but the login without the token, or with a wrong one', async () => {
    const isPublic = (o: { method: string; path: string }) => ROUTE_PERMISSIONS[`${o.method} ${o.path}`] === 'public';
    const guarded = operations.filter((o) => o.path.startsWith('/admin') && !isPublic(o));
    expect(operations.filter(isPublic).map((o) => `${o.method} ${o.path}`)).toEqual(['POST /admin/auth/login']);
    for (const op of guarded) {
      for (const authorization of [
        undefined,
        'Bearer wrong',
        `Basic ${ADMIN_TOKEN}`,
        ADMIN_TOKEN,
        `Bearer ${ADMIN_TOKEN}x`,
        'Bearer sk_live_forged',
        'Bearer stfs_forged',
      ]) {
        const res = await t.origin.app.request(fill(op.path, 'prod_X'), {
          method: op.method,
          headers: authorization ? { authorization } : {},
        });
        expect(res.status, `${op.method} ${op.path} with ${authorization}`).toBe(401);
      }
    }
  });

  it('refuses every internal route without the edge signature', async () => {
    for (const op of operations.filter((o) => o.path.startsWith('/internal'))) {
      const res = await t.origin.app.request(fill(op.path, 'x'), { method: op.method });
      expect(res.status, `${op.method} ${op.path}`).toBe(401);
    }
  });

  it('echoes or mints a request id on every response', async () => {
    const minted = await t.origin.app.request('/health');
    expect(minted.headers.get('x-request-id')).toMatch(/^req_/);
    const kept = await t.origin.app.request('/health', { headers: { 'x-request-id': 'edge-req-12345678' } });
    expect(kept.headers.get('x-request-id')).toBe('edge-req-12345678');
  });
});
