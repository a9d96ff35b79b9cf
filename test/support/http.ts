/**
 * The one HTTP helper of the process-level tests: the end-to-end tests (e2e/, against the
 * running stack) and the services tests (test/services/, against an origin process) both call
 * through it. Plain calls, as a shopper's or merchant's curl makes them (`call`, `adminCall`),
 * and the typed clients of the two APIs (`shopperApi`, `adminApi`), every request with a
 * timeout so a hung server fails the test instead of stalling it.
 */
import type { ClientResponse } from 'hono/client';
import { shopperClient } from '../../edge/api/shopper-client';
import { adminClient } from '../../origin/admin-client';

/** How long a call may take before it fails (the e2e default). */
export const CALL_TIMEOUT_MS = 15_000;

/** `fetch` that gives up after `timeoutMs` (for the typed clients and plain calls alike). */
export const timedFetch = (timeoutMs = CALL_TIMEOUT_MS) =>
  ((input: string | URL | Request, init?: RequestInit) =>
    fetch(input, { ...init, signal: AbortSignal.timeout(timeoutMs) })) as typeof fetch;

/** The body as JSON (null when empty). */
async function readJson(res: Response) {
  const text = await res.text();
  return text ? JSON.parse(text) : null;
}

/** `fetch` with a timeout; the body parsed as JSON (null when empty). */
export async function call(base: string, path: string, init: RequestInit = {}, timeoutMs = CALL_TIMEOUT_MS) {
  const res = await timedFetch(timeoutMs)(`${base}${path}`, init);
  return { status: res.status, headers: res.headers, body: await readJson(res) };
}

/** A JSON request with `method` and `body`. */
export const json = (method: string, body: unknown, headers: Record<string, string> = {}) => ({
  method,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

/** A merchant's JSON call to the origin's admin API with `token`. */
export const adminCaller =
  (originUrl: () => string, token: () => string) =>
  (path: string, init: RequestInit = {}) =>
    call(originUrl(), path, {
      ...init,
      headers: { authorization: `Bearer ${token()}`, 'content-type': 'application/json', ...init.headers },
    });

/** An admin call that must succeed: its JSON body, or an error naming the status and body. */
export async function adminCall<T>(base: string, token: string, method: string, path: string, body?: unknown) {
  const res = await timedFetch(10_000)(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

/** Polls `read` until `done` holds (queues, sandboxes and syncs work asynchronously). */
export async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  let last: T = await read();
  while (!done(last)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 100));
    last = await read();
  }
  return last;
}

/** The typed shopper API at `edgeUrl` (edge/api/shopper-client.ts). */
export const shopperApi = (edgeUrl: string) => shopperClient(edgeUrl, { fetch: timedFetch() });

/** The typed admin API at `originUrl` with `token` (origin/admin-client.ts). */
export const adminApi = (originUrl: string, token: string | (() => string)) =>
  adminClient(originUrl, token, { fetch: timedFetch() });

// biome-ignore lint/suspicious/noExplicitAny: any typed answer
type AnyAnswer = ClientResponse<any, number, any>;
/** The typed body of the answers of `R` with status `S`. */
export type BodyOf<R, S extends number> =
  R extends ClientResponse<infer T, infer U, infer _F> ? (U extends S ? T : never) : never;

/**
 * A typed client's answer as `{ status, headers, body }` (body: JSON, null when empty), like
 * `call`'s; narrow on `status` to type `body` as the API documents that answer.
 */
export async function answer<R extends AnyAnswer>(res: Promise<R>): Promise<Answer<R>> {
  const r = await res;
  return { status: r.status, headers: r.headers, body: await readJson(r as unknown as Response) } as Answer<R>;
}

/** One `{ status, headers, body }` per documented answer of `R`. */
export type Answer<R> =
  R extends ClientResponse<infer T, infer U, infer _F> ? { status: U; headers: Headers; body: T } : never;

/**
 * The body of a typed client's answer, which must have `status` (else the test fails here,
 * naming what came instead): typed as the API documents that answer.
 */
export async function expectStatus<R extends AnyAnswer, S extends R['status']>(
  res: Promise<R>,
  status: S,
): Promise<BodyOf<R, S>> {
  const { status: got, body } = (await answer(res)) as { status: number; body: unknown };
  if (got !== status) throw new Error(`expected ${status}, got ${got}: ${JSON.stringify(body)?.slice(0, 500)}`);
  return body as BodyOf<R, S>;
}
