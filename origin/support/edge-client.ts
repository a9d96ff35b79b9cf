/**
 * The origin's calls to the conversation objects at the edge (signed like the catalog publish):
 * an agent's message, and closing or reopening a conversation. The edge is the conversation's
 * home, so these are synchronous: the agent learns at once whether the message went out.
 */
import { signInternalRequest } from '../../contract/signing';
import { type ConversationMessage, type ConversationStatus, supportPaths } from '../../contract/support';

export interface EdgeTarget {
  url: string;
  internalSecret: string;
  fetch: typeof fetch;
}

export type EdgeAnswer<T> =
  | { ok: true; value: T }
  | { ok: false; status: number; code: string; message: string }
  | { ok: false; status: 502; code: 'edge_unavailable'; message: string };

async function post<T>(edge: EdgeTarget, path: string, body: unknown): Promise<EdgeAnswer<T>> {
  const raw = JSON.stringify(body);
  try {
    const headers = await signInternalRequest(edge.internalSecret, 'POST', path, raw);
    const res = await edge.fetch(`${edge.url}${path}`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: raw,
      signal: AbortSignal.timeout(10_000),
    });
    const json = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
    if (res.ok) return { ok: true, value: json as T };
    // The edge refusing the origin itself (signature) is an outage to the agent, not their fault.
    if (res.status >= 500 || res.status === 401 || !json?.error?.code) {
      return { ok: false, status: 502, code: 'edge_unavailable', message: `The edge answered ${res.status}` };
    }
    return { ok: false, status: res.status, code: json.error.code, message: json.error.message ?? json.error.code };
  } catch (err) {
    return {
      ok: false,
      status: 502,
      code: 'edge_unavailable',
      message: `The edge could not be reached: ${err instanceof Error ? err.message : String(err)}`,
    };
  }
}

export function sendAgentMessage(edge: EdgeTarget, id: string, authorName: string, body: string) {
  return post<ConversationMessage>(edge, supportPaths.agentMessage(id), { authorName, body });
}

export function setConversationStatus(edge: EdgeTarget, id: string, status: ConversationStatus) {
  return post<unknown>(edge, supportPaths.status(id), { status });
}
