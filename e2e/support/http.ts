/** Plain HTTP helpers for the end-to-end tests: every call as a shopper or merchant's curl would make it. */

/** `fetch` with a timeout; the body parsed as JSON (null when empty). */
export async function call(base: string, path: string, init: RequestInit = {}) {
  const res = await fetch(`${base}${path}`, { ...init, signal: AbortSignal.timeout(15_000) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/** A JSON request with `method` and `body`. */
export const json = (method: string, body: unknown, headers: Record<string, string> = {}) => ({
  method,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});
