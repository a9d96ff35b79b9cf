import type { MiddlewareHandler } from 'hono';
import { REFERENCE_CSP } from '../../contract/api-reference';
import { REFERENCE_PATH } from '../api/openapi-document';
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

/**
 * On every response: what OWASP's REST Security Cheat Sheet asks of an API (HSTS, nosniff,
 * no framing, a CSP), and Cross-Origin-Resource-Policy so that another site cannot load a
 * response as a no-cors subresource (CORS reads, which `apiCors` allows, are not affected).
 * HSTS goes out over http too: browsers ignore it there (RFC 6797 §8.1), so local development is
 * unaffected, and production never depends on the Worker seeing the scheme Cloudflare terminated.
 */
export const API_HEADERS: ReadonlyArray<readonly [string, string]> = [
  ['strict-transport-security', 'max-age=63072000; includeSubDomains; preload'],
  ['x-content-type-options', 'nosniff'],
  ['x-frame-options', 'DENY'],
  ['cross-origin-resource-policy', 'same-origin'],
];

/**
 * Only on HTML pages, where a browser acts on them: the document-level headers (opener
 * isolation, origin-keyed agent clusters, referrer, DNS prefetching, legacy plugin and IE
 * switches). On a JSON response they do nothing but cost bytes on every answer.
 */
export const PAGE_HEADERS: ReadonlyArray<readonly [string, string]> = [
  ['referrer-policy', 'strict-origin-when-cross-origin'],
  ['cross-origin-opener-policy', 'same-origin'],
  ['origin-agent-cluster', '?1'],
  ['x-dns-prefetch-control', 'off'],
  ['x-download-options', 'noopen'],
  ['x-permitted-cross-domain-policies', 'none'],
  ['x-xss-protection', '0'],
];

/** The page's CSP: the API reference loads no image from elsewhere, unlike the storefront's pages. */
const pageCsp = (path: string) => (path === REFERENCE_PATH ? REFERENCE_CSP : PAGE_CSP);

function apply(headers: Headers, isPage: boolean, path: string): void {
  for (const [name, value] of API_HEADERS) headers.set(name, value);
  headers.set('content-security-policy', isPage ? pageCsp(path) : API_CSP);
  if (isPage) for (const [name, value] of PAGE_HEADERS) headers.set(name, value);
}

/** Security headers by what the response is, so they are chosen after the route has answered. */
export const securityHeaders: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  const isPage = /^text\/html\b/i.test(c.res.headers.get('content-type') ?? '');
  try {
    apply(c.res.headers, isPage, c.req.path);
  } catch {
    // A response passed through from fetch() has immutable headers: a copy makes them writable.
    c.res = new Response(c.res.body, c.res);
    apply(c.res.headers, isPage, c.req.path);
  }
};
