import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from '../lib/context';
import { edgeFetch } from '../testing/edge-fetch';
import { API_CSP, contentSecurityPolicy, PAGE_CSP, securityHeaders } from './security-headers';

function expectSecurityHeaders(res: Response, csp: string): void {
  expect(res.headers.get('strict-transport-security')).toBe('max-age=63072000; includeSubDomains; preload');
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('x-frame-options')).toBe('DENY');
  expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
  expect(res.headers.get('content-security-policy')).toBe(csp);
}

describe('security headers', () => {
  it('are on API responses, with the strict non-page CSP', async () => {
    const res = await edgeFetch('/api/carts', { method: 'POST' });
    expect(res.status).toBe(201);
    expectSecurityHeaders(res, API_CSP);
    expect(API_CSP).toBe("default-src 'none'; frame-ancestors 'none'");
  });

  it('are on 404s and client errors too', async () => {
    expectSecurityHeaders(await edgeFetch('/nope'), API_CSP);
    expectSecurityHeaders(await edgeFetch('/api/products?limit=0'), API_CSP);
  });

  it('give HTML pages the page CSP, which forbids framing', async () => {
    const app = new Hono<AppEnv>()
      .use(securityHeaders)
      .use(contentSecurityPolicy)
      .get('/page', (c) => c.html('<p>hi</p>'))
      .get('/moved', () => Response.redirect('https://shop.test/', 302));
    const page = await app.request('/page');
    expectSecurityHeaders(page, PAGE_CSP);
    expect(PAGE_CSP).toMatch(/^default-src 'self'; /);
    expect(PAGE_CSP).toContain("frame-ancestors 'none'");
    // Responses with immutable headers get them as well.
    expectSecurityHeaders(await app.request('/moved'), API_CSP);
  });
});
