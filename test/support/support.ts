/**
 * Customer-service fixtures for origin tests: conversations as their Durable Objects sync them
 * (signed edge calls), and a stand-in for the objects' side of the origin's calls, numbering an
 * agent's messages after the last one synced, as the object would.
 */
import { randomBytes } from 'node:crypto';
import { signInternalRequest } from '../../contract/signing';
import type { ConversationMessage, SyncPayload } from '../../contract/support';
import { supportPaths } from '../../contract/support';
import { INTERNAL_SECRET, type TestOrigin } from './origin';

export const newConversationId = () => `conv_${randomBytes(32).toString('hex')}`;

export function shopperMessage(conversationId: string, seq: number, body = `message ${seq}`): ConversationMessage {
  return {
    id: `msg_${conversationId.slice(5)}_${seq}`,
    seq,
    author: 'shopper',
    authorName: 'Ada',
    body,
    at: new Date(Date.UTC(2030, 0, 1, 10, 0, seq)).toISOString(),
  };
}

export function syncPayload(
  id: string,
  messages: ConversationMessage[],
  meta: Partial<SyncPayload['conversation']> = {},
) {
  return {
    conversation: {
      id,
      status: 'open' as const,
      subject: 'Where is my parcel?',
      orderId: null,
      customerId: null,
      name: 'Ada',
      email: 'ada@example.com',
      createdAt: '2030-01-01T09:59:00.000Z',
      ...meta,
    },
    messages,
  };
}

/** `POST /internal/support/conversations/:id/sync`, signed like the conversation object signs it. */
export async function sync(t: TestOrigin, payload: unknown, id = (payload as SyncPayload).conversation.id) {
  const path = supportPaths.sync(id);
  const raw = JSON.stringify(payload);
  const headers = await signInternalRequest(INTERNAL_SECRET, 'POST', path, raw);
  return t.origin.app.request(path, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: raw,
  });
}

/** Plays the conversation objects for the origin's calls; returns what they received. */
export function standInEdge(t: TestOrigin, lastSeq: (id: string) => number) {
  const received: { path: string; body: unknown }[] = [];
  const seqs = new Map<string, number>();
  t.conversationEdge.handle = (path, body) => {
    received.push({ path, body });
    const agent = /^\/internal\/conversations\/(conv_[0-9a-f]{64})\/messages$/.exec(path)?.[1];
    if (agent) {
      const seq = Math.max(seqs.get(agent) ?? 0, lastSeq(agent)) + 1;
      seqs.set(agent, seq);
      const { authorName, body: text } = body as { authorName: string; body: string };
      const message: ConversationMessage = {
        id: `msg_${agent.slice(5)}_${seq}`,
        seq,
        author: 'agent',
        authorName,
        body: text,
        at: new Date().toISOString(),
      };
      return Response.json(message, { status: 201 });
    }
    if (/\/status$/.test(path)) return Response.json({ ok: true });
    return Response.json({ error: { code: 'not_found', message: path } }, { status: 404 });
  };
  return received;
}
