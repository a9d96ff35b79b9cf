/** Conversation sockets for edge tests: opened through the Worker with a ticket, everything they receive recorded. */
import { env, runDurableObjectAlarm } from 'cloudflare:test';
import { expect, vi } from 'vitest';
import { type Conversation, supportPaths } from '../../contract/support';
import { edgeFetch, jsonRequest } from './edge-fetch';
import type { FakeOrigin } from './fake-origin';

export const conversationStubOf = (id: string) =>
  env.CONVERSATION.get(env.CONVERSATION.idFromString(id.slice('conv_'.length)));

/** Opens a conversation as the shopper of `headers` (none: a guest). */
export async function openConversation(headers: Record<string, string> = {}): Promise<Conversation> {
  const res = await edgeFetch('/api/conversations', jsonRequest('POST', { name: 'Ada', message: 'Hello' }, headers));
  expect(res.status).toBe(201);
  return res.json<Conversation>();
}

/** A shopper's ticket from the edge, as the shopper of `headers`. */
export async function shopperTicket(id: string, headers: Record<string, string> = {}): Promise<string> {
  const res = await edgeFetch(`/api/conversations/${id}/ticket`, { method: 'POST', headers });
  expect(res.status).toBe(200);
  return (await res.json<{ ticket: string }>()).ticket;
}

export interface ChatSocket {
  ws: WebSocket;
  /** Every event received, parsed. */
  events: { type: string; message?: { body: string } }[];
  /** The close frame the server sent, once it did. */
  closed: { code: number; reason: string } | null;
  /** Resolves with the server's close frame (fails the test after two seconds). */
  closing(): Promise<{ code: number; reason: string }>;
}

/** Opens the socket of conversation `id` with `ticket` (extra headers as a client might send). */
export async function openSocket(id: string, ticket: string, headers: Record<string, string> = {}) {
  const res = await edgeFetch(`/api/conversations/${id}/ws?ticket=${encodeURIComponent(ticket)}`, {
    headers: { upgrade: 'websocket', ...headers },
  });
  expect(res.status).toBe(101);
  const ws = res.webSocket as WebSocket;
  ws.accept();
  const socket: ChatSocket = {
    ws,
    events: [],
    closed: null,
    async closing() {
      await vi.waitFor(() => expect(socket.closed).not.toBeNull(), { timeout: 2000, interval: 10 });
      return socket.closed as { code: number; reason: string };
    },
  };
  ws.addEventListener('message', (e) => {
    socket.events.push(JSON.parse(String(e.data)));
  });
  ws.addEventListener('close', (e) => {
    socket.closed = { code: e.code, reason: e.reason };
  });
  return socket;
}

/**
 * Fires the conversation's alarm until it has run one credential check (the alarm runs its
 * earliest timer first, which may be the inbox sync), and answers what the origin was asked.
 */
export async function runCredentialCheck(origin: FakeOrigin, id: string) {
  const asked = () => origin.count(supportPaths.socketCredentials);
  const [before, answered] = [asked(), origin.credentialChecks.length];
  for (let i = 0; i < 3 && asked() === before; i++) {
    if (!(await runDurableObjectAlarm(conversationStubOf(id)))) break;
  }
  return origin.credentialChecks.slice(answered);
}
