/**
 * The hot path for repeat catalog reads. Most shopper traffic is the same few catalog GETs
 * answered from L1 again and again; running the router, the middleware chain and the query
 * validator for each of them costs more than the answer itself. So the first answer of a URL
 * is recorded as a template: the L1 entry it was served from and the exact headers the whole
 * app put on it (security headers, CSP, ETag, cache policy). A repeat of that URL is answered
 * from the template while all of these still hold:
 *
 * - it is a plain anonymous GET: no `Authorization` (a session charges an account bucket), no
 *   `Origin` (CORS decides per origin), and the template was learned from such a request too;
 * - L1 still holds the very entry the template was learned from (a publish, the version poll or
 *   the L1 TTL drops it, and the next read goes the full way and learns again);
 * - the client's API rate-limit token is at hand in this isolate's lease (otherwise the full
 *   gateway fetches a lease or refuses).
 *
 * Anything else goes through the app, which stays the only place that decides what a response
 * looks like: the hot path never builds a header of its own except the request id.
 */

import { spendAnonymousApiToken } from '../gateway/limits';
import { ifNoneMatchHits } from '../lib/etag';
import { REQUEST_ID_HEADER, resolveRequestId } from '../lib/request-id';
import { TtlCache } from '../lib/ttl-cache';
import { type CachedJson, catalogL1, pollCatalogVersion } from './catalog-l1';

const encoder = new TextEncoder();

/** What the catalog route served a request from: set by the route, read once the app answered. */
const servedFromL1 = new WeakMap<Request, { l1Key: string; entry: CachedJson }>();

interface Template {
  l1Key: string;
  entry: CachedJson;
  /** Headers of the 200 answer and of the 304 answer, each once it has been seen. */
  ok?: Headers;
  notModified?: Headers;
  /** The body as bytes, encoded once. */
  bytes: Uint8Array;
}

/** Keyed by path and query exactly as requested; bounded like L1 itself. */
const templates = new TtlCache<Template>(2_000);
// Templates live as long as their L1 entry is current, which `serve` checks on every use.
const TEMPLATE_TTL_MS = Number.POSITIVE_INFINITY;

/** Counters for tests and diagnostics. */
export const repeatReadStats = { served: 0 };

function pathAndQuery(url: string): string {
  // `request.url` is absolute: the path starts at the first slash after `scheme://`.
  const start = url.indexOf('/', url.indexOf('//') + 2);
  return start < 0 ? '/' : url.slice(start);
}

function isPlainAnonymousGet(method: string, headers: Headers): boolean {
  return method === 'GET' && !headers.has('authorization') && !headers.has('origin');
}

/**
 * Whether a response may be reused for every request the hot path takes: `Vary: Origin` (CORS
 * when origins are configured) is fine, since none of those requests carries an Origin.
 */
function variesAtMostByOrigin(vary: string | null): boolean {
  return vary === null || vary.split(',').every((name) => name.trim().toLowerCase() === 'origin');
}

/** Called by the catalog routes when they answer from an L1 entry. */
export function noteL1Read(request: Request, l1Key: string, entry: CachedJson): void {
  servedFromL1.set(request, { l1Key, entry });
}

/** Drops every template (tests; L1 clears make them unusable anyway). */
export function clearRepeatReads(): void {
  templates.clear();
}

/**
 * Records the app's answer to `request` as a template when it was a catalog read served from
 * L1 for a plain anonymous GET.
 */
export function learnRepeatRead(request: Request, response: Response): void {
  const served = servedFromL1.get(request);
  if (!served || !isPlainAnonymousGet(request.method, request.headers)) return;
  if (response.status !== 200 && response.status !== 304) return;
  if (response.headers.has('set-cookie') || !variesAtMostByOrigin(response.headers.get('vary'))) return;
  const headers = new Headers(response.headers);
  headers.delete(REQUEST_ID_HEADER);
  const key = pathAndQuery(request.url);
  let template = templates.get(key);
  if (!template || template.entry !== served.entry) {
    template = { l1Key: served.l1Key, entry: served.entry, bytes: encoder.encode(served.entry.body) };
    templates.set(key, template, TEMPLATE_TTL_MS);
  }
  if (response.status === 200) template.ok = headers;
  else template.notModified = headers;
}

/** The answer to a repeat read, or null when the request must go through the app. */
export function serveRepeatRead(request: Request, env: Env, ctx: ExecutionContext): Response | null {
  const headers = request.headers;
  if (!isPlainAnonymousGet(request.method, headers)) return null;
  const template = templates.get(pathAndQuery(request.url));
  if (!template) return null;
  const now = Date.now();
  if (catalogL1.responses.get(template.l1Key, now) !== template.entry) return null;
  const notModified = ifNoneMatchHits(headers.get('if-none-match') ?? undefined, template.entry.etag);
  const templateHeaders = notModified ? template.notModified : template.ok;
  if (!templateHeaders) return null;
  if (!spendAnonymousApiToken(env, headers, now)) return null;
  // The version poll the full read path would have scheduled (cross-isolate freshness).
  pollCatalogVersion(env.CATALOG, (promise) => ctx.waitUntil(promise), now);
  repeatReadStats.served++;
  const responseHeaders = new Headers(templateHeaders);
  responseHeaders.set(REQUEST_ID_HEADER, resolveRequestId(headers.get(REQUEST_ID_HEADER)));
  return new Response(notModified ? null : template.bytes, {
    status: notModified ? 304 : 200,
    headers: responseHeaders,
  });
}
