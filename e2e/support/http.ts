/** Plain HTTP helpers for the end-to-end tests: every call as a shopper or merchant's curl would make it. */

/** `fetch` with a timeout; the body parsed as JSON (null when empty). */
export async function call(base: string, path: string, init: RequestInit = {}) {
  const res = await fetch(`${base}${path}`, { ...init, signal: AbortSignal.timeout(15_000) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
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

/** A merchant's JSON call to the origin's admin API with `token`. */
export const adminCaller =
  (originUrl: () => string, token: () => string) =>
  (path: string, init: RequestInit = {}) =>
    call(originUrl(), path, {
      ...init,
      headers: { authorization: `Bearer ${token()}`, 'content-type': 'application/json', ...init.headers },
    });

/** A JSON request with `method` and `body`. */
export const json = (method: string, body: unknown, headers: Record<string, string> = {}) => ({
  method,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});
