/**
 * The hot path for repeat catalog reads. Most shopper traffic is the same few catalog GETs
 * answered from L1 again and again; running the router, the middleware chain and the query
 * validator for each of them costs more than the answer itself. So the first answer of a URL
 * is recorded on the L1 entry it was served from: the exact headers the whole app put on it
 * (security headers, CSP, ETag, cache policy) and the body as bytes. A repeat of that URL is
 * answered from the entry while all of these still hold:
 *
 * - it is a plain anonymous GET: no `Authorization` (a session charges an account bucket), no
 *   `Origin` (CORS decides per origin), and the answer was learned from such a request too;
 * - L1 still holds the entry with the recorded answer (a publish, the version poll or the L1
 *   TTL drops it, and the next read goes the full way and learns again);
 * - the client's API rate-limit token is at hand in this isolate's lease (otherwise the full
 *   gateway fetches a lease or refuses).
 *
 * Anything else goes through the app, which stays the only place that decides what a response
 * looks like: the hot path never builds a header of its own except the request id.
 */

import { REQUEST_ID_HEADER, resolveRequestId } from '../../contract/request-id';
import {
  CATALOG_STALE_HEADER,
  catalogL1,
  catalogStaleSeconds,
  l1ReadOf,
  pollCatalogVersion,
} from '../catalog/catalog-l1';
import { ifNoneMatchHits } from '../lib/etag';
import { TtlCache } from '../lib/ttl-cache';
import { spendAnonymousApiToken } from './limits';

const encoder = new TextEncoder();

/**
 * Which L1 entry a URL (path and query exactly as requested) was answered from. Only short
 * strings: the recorded answer itself lives on the L1 entry (`CachedJson.hot`), so it goes
 * when L1 drops or replaces the entry, and L1's own bounds bound it.
 */
const l1KeyOfUrl = new TtlCache<string>(4_000);
const URL_TTL_MS = Number.POSITIVE_INFINITY;
/** Longer URLs are left to the app (they would make the URL map heavy for nothing). */
const MAX_LEARNED_URL = 1_024;

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

/** Forgets which URL maps to which entry (tests; L1 clears make the mapping useless anyway). */
export function clearRepeatReads(): void {
  l1KeyOfUrl.clear();
}

/**
 * Records the app's answer to `request` on its L1 entry when it was a catalog read served from
 * L1 for a plain anonymous GET. Every URL that reaches the same entry gets the same answer from
 * the app (the headers depend on the entry, not on how the query was spelled).
 */
export function learnRepeatRead(request: Request, response: Response): void {
  const served = l1ReadOf(request);
  if (!served || !isPlainAnonymousGet(request.method, request.headers)) return;
  if (response.status !== 200 && response.status !== 304) return;
  if (response.headers.has('set-cookie') || !variesAtMostByOrigin(response.headers.get('vary'))) return;
  const url = pathAndQuery(request.url);
  if (url.length > MAX_LEARNED_URL) return;
  served.entry.hot ??= { bytes: encoder.encode(served.entry.body) };
  const hot = served.entry.hot;
  // Recorded once per entry and status: a later answer from the same entry has the same headers.
  const field = response.status === 200 ? 'ok' : 'notModified';
  if (!hot[field]) {
    const headers = new Headers(response.headers);
    headers.delete(REQUEST_ID_HEADER);
    hot[field] = headers;
  }
  if (l1KeyOfUrl.get(url) !== served.l1Key) l1KeyOfUrl.set(url, served.l1Key, URL_TTL_MS);
}

/** The answer to a repeat read, or null when the request must go through the app. */
export function serveRepeatRead(request: Request, env: Env, ctx: ExecutionContext): Response | null {
  const headers = request.headers;
  if (!isPlainAnonymousGet(request.method, headers)) return null;
  const l1Key = l1KeyOfUrl.get(pathAndQuery(request.url));
  if (l1Key === undefined) return null;
  const now = Date.now();
  // A publish, the version poll or the TTL replaces or drops the entry, and its answer with it.
  const entry = catalogL1.responses.get(l1Key, now);
  const hot = entry?.hot;
  if (!entry || !hot) return null;
  const notModified = ifNoneMatchHits(headers.get('if-none-match') ?? undefined, entry.etag);
  const templateHeaders = notModified ? hot.notModified : hot.ok;
  if (!templateHeaders) return null;
  if (!spendAnonymousApiToken(env, headers, now)) return null;
  // The version poll the full read path would have scheduled (cross-isolate freshness).
  pollCatalogVersion(env.CATALOG, (promise) => ctx.waitUntil(promise), now);
  repeatReadStats.served++;
  const responseHeaders = new Headers(templateHeaders);
  responseHeaders.set(REQUEST_ID_HEADER, resolveRequestId(headers.get(REQUEST_ID_HEADER)));
  if (entry.builtAt !== undefined) responseHeaders.set(CATALOG_STALE_HEADER, catalogStaleSeconds(entry.builtAt, now));
  return new Response(notModified ? null : hot.bytes, {
    status: notModified ? 304 : 200,
    headers: responseHeaders,
  });
}
