import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { edgeFetch } from '../../test/edge/edge-fetch';
import type { AppEnv } from '../lib/context';
import { API_CSP, API_HEADERS, PAGE_CSP, PAGE_HEADERS, securityHeaders } from './security-headers';

function expectApiHeaders(res: Response, csp: string): void {
  expect(res.headers.get('strict-transport-security')).toBe('max-age=63072000; includeSubDomains; preload');
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('x-frame-options')).toBe('DENY');
  expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
  expect(res.headers.get('content-security-policy')).toBe(csp);
}

function documentHeaders(res: Response): Record<string, string | null> {
  return Object.fromEntries(PAGE_HEADERS.map(([name]) => [name, res.headers.get(name)]));
}

describe('security headers', () => {
  it('are on API responses, with the strict non-page CSP and none of the document-only headers', async () => {
    const res = await edgeFetch('/api/carts', { method: 'POST' });
    expect(res.status).toBe(201);
    expectApiHeaders(res, API_CSP);
    expect(API_CSP).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(Object.values(documentHeaders(res)).every((v) => v === null)).toBe(true);
  });

  it('are on 404s and client errors too', async () => {
    expectApiHeaders(await edgeFetch('/nope'), API_CSP);
    expectApiHeaders(await edgeFetch('/api/products?limit=0'), API_CSP);
  });

  it('give HTML pages the page CSP and the document headers as well', async () => {
    const app = new Hono<AppEnv>()
      .use(securityHeaders)
      .get('/page', (c) => c.html('<p>hi</p>'))
      .get('/moved', () => Response.redirect('https://shop.test/', 302));
    const page = await app.request('/page');
    expectApiHeaders(page, PAGE_CSP);
    expect(PAGE_CSP).toMatch(/^default-src 'self'; /);
    expect(PAGE_CSP).toContain("frame-ancestors 'none'");
    expect(documentHeaders(page)).toEqual({
      'referrer-policy': 'strict-origin-when-cross-origin',
      'cross-origin-opener-policy': 'same-origin',
      'origin-agent-cluster': '?1',
      'x-dns-prefetch-control': 'off',
      'x-download-options': 'noopen',
      'x-permitted-cross-domain-policies': 'none',
      'x-xss-protection': '0',
    });
    // Responses with immutable headers get them as well.
    expectApiHeaders(await app.request('/moved'), API_CSP);
  });

  it('set each header once: the API and page lists do not overlap', () => {
    const names = [...API_HEADERS, ...PAGE_HEADERS].map(([name]) => name);
    expect(new Set(names).size).toBe(names.length);
  });
});
