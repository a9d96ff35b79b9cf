/**
 * Idempotency decisions for checkout, as pure functions. A key is scoped to its cart; the
 * stored record holds a hash of the request and the response that was given. The place-order
 * workflow claims the key in its own transaction, so a stored response always belongs to a
 * committed order, and a concurrent duplicate waits on the key's row and then replays.
 */

export interface StoredKey {
  requestHash: string;
  responseStatus: number;
  responseBody: Record<string, unknown>;
}

export type KeyDecision = { kind: 'replay'; status: number; body: Record<string, unknown> } | { kind: 'mismatch' };

/** JSON with keys sorted at every depth, so equal requests hash equally whatever the key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** SHA-256 (hex) of the canonical request. */
export async function requestHash(request: unknown): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(canonicalJson(request)));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** What to answer when the key was already used: the stored response, or a reuse error. */
export function decideExistingKey(stored: StoredKey, hash: string): KeyDecision {
  if (stored.requestHash !== hash) return { kind: 'mismatch' };
  return { kind: 'replay', status: stored.responseStatus, body: stored.responseBody };
}
