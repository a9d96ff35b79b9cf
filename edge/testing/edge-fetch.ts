import { exports } from 'cloudflare:workers';

/** Base URL of requests in edge tests; plain http like `wrangler dev`. */
export const EDGE_ORIGIN = 'http://edge.test';

/** Calls the Worker under test (its default export) through the runtime, like a shopper would. */
export function edgeFetch(path: string, init?: RequestInit): Promise<Response> {
  return exports.default.fetch(new Request(new URL(path, EDGE_ORIGIN), init));
}

/** A JSON request helper: serializes `body` and sets the content type. */
export function jsonRequest(method: string, body: unknown, headers: Record<string, string> = {}): RequestInit {
  return { method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}
