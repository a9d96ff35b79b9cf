import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { AppEnv } from '../lib/context';

/**
 * For HTML pages (none at the edge yet; storefront pages will be): own scripts, styles and
 * fonts only, product images from any https host (merchants' CDNs), no plugins, no framing,
 * forms and `<base>` pinned to this origin.
 */
export const PAGE_CSP = [
  "default-src 'self'",
  "img-src 'self' https: data:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** For everything else (JSON, empty bodies): a response that is not a page may load nothing. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

// Hono's middleware sets the fixed headers. HSTS is sent on every response, http included:
// browsers ignore it over plain http (RFC 6797 §8.1), so local development is unaffected, and
// production never depends on the Worker seeing the scheme Cloudflare terminated.
/** The fixed security headers; register before `contentSecurityPolicy` (see app.ts). */
export const securityHeaders = secureHeaders({
  strictTransportSecurity: 'max-age=63072000; includeSubDomains; preload',
  xFrameOptions: 'DENY',
  referrerPolicy: 'strict-origin-when-cross-origin',
  xContentTypeOptions: true,
});

/** The CSP depends on what the response is, so it is chosen after the route has answered. */
export const contentSecurityPolicy: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  const isPage = /^text\/html\b/i.test(c.res.headers.get('content-type') ?? '');
  try {
    c.res.headers.set('content-security-policy', isPage ? PAGE_CSP : API_CSP);
  } catch {
    // A response passed through from fetch() has immutable headers; a copy makes them
    // writable for this middleware and for Hono's, which runs next.
    c.res = new Response(c.res.body, c.res);
    c.res.headers.set('content-security-policy', isPage ? PAGE_CSP : API_CSP);
  }
};
