import { exports } from 'cloudflare:workers';

/** Base URL of requests in edge tests; plain http like `wrangler dev`. */
export const EDGE_ORIGIN = 'http://edge.test';

/**
 * A client address from 198.18.0.0/15 (reserved for tests), fresh per call: a suite's many
 * requests are not one client flooding the per-IP rate limits. Rate-limit tests send their own.
 */
export function randomClientIp(): string {
  const [a = 0, b = 0] = crypto.getRandomValues(new Uint8Array(2));
  return `198.${18 + (a & 1)}.${b}.${1 + (a >> 1)}`;
}

/** Calls the Worker under test (its default export) through the runtime, like a shopper would. */
export function edgeFetch(path: string, init?: RequestInit): Promise<Response> {
  const req = new Request(new URL(path, EDGE_ORIGIN), init);
  if (!req.headers.has('cf-connecting-ip')) req.headers.set('cf-connecting-ip', randomClientIp());
  return exports.default.fetch(req);
}

/** A JSON request helper: serializes `body` and sets the content type. */
export function jsonRequest(method: string, body: unknown, headers: Record<string, string> = {}): RequestInit {
  return { method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}
