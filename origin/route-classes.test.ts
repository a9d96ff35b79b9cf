/**
 * Every route of the origin's OpenAPI document has the bulkhead class the design gives it:
 * generated from the document, so a new route is classified on purpose, not by accident.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestOrigin, type TestOrigin } from '../test/support/origin';
import type { RouteClass } from './platform/bulkhead';
import { routeClassOf } from './route-classes';

let t: TestOrigin;
let operations: { method: string; path: string }[];
beforeAll(async () => {
  t = await startTestOrigin();
  const doc = (await (await t.origin.app.request('/openapi.json')).json()) as { paths: Record<string, object> };
  operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.keys(methods).map((m) => ({ method: m.toUpperCase(), path: path.replace(/\{[^}]+\}/g, 'x') })),
  );
});
afterAll(() => t.close());

/** What a shopper needs to buy, and what settles it. */
const CORE = [
  /^\/internal\/catalog\/(products|categories|variants)(\/x)?$/,
  /^\/internal\/checkout$/,
  /^\/internal\/orders\/x(\/(payment|tracking))?$/,
  /^\/internal\/payment-methods$/,
  /^\/webhooks\//,
];

function expected(path: string): RouteClass | null {
  if (path.startsWith('/admin/')) return 'auxiliary';
  if (path.startsWith('/queue/')) return 'background';
  if (CORE.some((re) => re.test(path))) return 'core';
  if (path.startsWith('/internal/')) return 'auxiliary';
  return null;
}

describe('route classes', () => {
  it('puts every documented route in the class the design gives it', () => {
    const wrong = operations
      .map((op) => ({ ...op, got: routeClassOf(op.method, op.path, ''), want: expected(op.path) }))
      .filter((op) => op.got !== op.want)
      .map((op) => `${op.method} ${op.path}: ${op.got}, expected ${op.want}`);
    expect(wrong).toEqual([]);
    expect(operations.filter((op) => routeClassOf(op.method, op.path, '') === 'core').length).toBeGreaterThan(6);
  });

  it('counts a catalog search as auxiliary and browsing as core', () => {
    expect(routeClassOf('GET', '/internal/catalog/products', '?q=shirt&limit=20')).toBe('auxiliary');
    expect(routeClassOf('GET', '/internal/catalog/products', '?category=shoes')).toBe('core');
    expect(routeClassOf('GET', '/internal/catalog/products/tee/reviews', '')).toBe('auxiliary');
  });

  it('never holds back health checks or the API documents', () => {
    for (const path of ['/health', '/openapi.json', '/docs']) expect(routeClassOf('GET', path, '')).toBeNull();
  });

  it('answers a shed request with 503 overloaded and Retry-After', async () => {
    const small = await startTestOrigin({ ORIGIN_MAX_CONCURRENT_REQUESTS: '4', ORIGIN_AUXILIARY_SHARE: '0.05' });
    try {
      // One auxiliary request at a time, four waiting at most: of eight slow logins (a password
      // hash each) at once, the last three find the queue full…
      const held = Array.from({ length: 8 }, () =>
        small.origin.app.request('/admin/auth/login', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'nobody@shop.test', password: 'wrong password here' }),
        }),
      );
      const answers = await Promise.all(held);
      const statuses = answers.map((r) => r.status);
      // …and are shed; none failed otherwise.
      expect(statuses.filter((s) => s === 503).length).toBeGreaterThanOrEqual(3);
      const shed = answers.find((r) => r.status === 503);
      expect(shed?.headers.get('retry-after')).toBe('1');
      expect(statuses.every((s) => s === 503 || s === 401)).toBe(true);
    } finally {
      await small.close();
    }
  });
});
