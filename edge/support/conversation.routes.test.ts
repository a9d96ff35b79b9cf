import { env, runDurableObjectAlarm } from 'cloudflare:test';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { issueTicket } from '../../contract/chat-ticket';
import { signInternalRequest } from '../../contract/signing';
import type { Conversation, ConversationMessage } from '../../contract/support';
import { errorCode } from '../../test/edge/cart-helpers';
import { TEST_SECRET } from '../../test/edge/catalog-fixtures';
import { edgeFetch, jsonRequest } from '../../test/edge/edge-fetch';
import { type FakeOrigin, installFakeOrigin } from '../../test/edge/fake-origin';
import { bearer } from '../../test/edge/sessions';
import { SHOPPER_BURST } from './conversation-rules';

/** What the origin's admin API puts in an agent's ticket: the agent's staff session, by the hash of its token. */
const AGENT = { kind: 'staff_session', staffId: 'stf_grace', sessionHash: 'a'.repeat(64) } as const;

let origin: FakeOrigin;
beforeEach(() => {
  origin = installFakeOrigin();
  vi.spyOn(console, 'error').mockImplementation(() => {});
  vi.spyOn(console, 'warn').mockImplementation(() => {});
});
afterEach(() => vi.restoreAllMocks());

async function open(body: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<Conversation> {
  const res = await edgeFetch(
    '/api/conversations',
    jsonRequest('POST', { subject: 'Where is my parcel?', name: 'Ada', ...body }, headers),
  );
  expect(res.status).toBe(201);
  return res.json<Conversation>();
}

const say = (id: string, body: unknown, headers: Record<string, string> = {}) =>
  edgeFetch(`/api/conversations/${id}/messages`, jsonRequest('POST', { body }, headers));

const stubOf = (id: string) => env.CONVERSATION.get(env.CONVERSATION.idFromString(id.slice('conv_'.length)));

/** Opens the conversation's WebSocket with a fresh ticket; collects what arrives. */
async function connect(id: string, ticket?: string) {
  const t =
    ticket ??
    (await (await edgeFetch(`/api/conversations/${id}/ticket`, { method: 'POST' })).json<{ ticket: string }>()).ticket;
  const res = await edgeFetch(`/api/conversations/${id}/ws?ticket=${encodeURIComponent(t)}`, {
    headers: { upgrade: 'websocket' },
  });
  expect(res.status).toBe(101);
  const ws = res.webSocket as WebSocket;
  ws.accept();
  const events: { type: string; message?: ConversationMessage; conversation?: Conversation; code?: string }[] = [];
  ws.addEventListener('message', (e) => events.push(JSON.parse(String(e.data))));
  const next = async (type: string) => {
    await vi.waitFor(() => expect(events.some((e) => e.type === type)).toBe(true), { timeout: 2000, interval: 10 });
    const index = events.findIndex((e) => e.type === type);
    return events.splice(index, 1)[0] as (typeof events)[number];
  };
  return { ws, events, next };
}

describe('conversations over HTTP', () => {
  it('opens a guest conversation with its first message; its id is the key', async () => {
    const res = await edgeFetch(
      '/api/conversations',
      jsonRequest('POST', { subject: 'Sizes', name: 'Ada', message: 'Do the shirts run small?' }),
    );
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const opened = await res.json<Conversation>();
    expect(opened).toMatchObject({ status: 'open', subject: 'Sizes', orderId: null });
    expect(opened.messages).toEqual([
      expect.objectContaining({ seq: 1, author: 'shopper', authorName: 'Ada', body: 'Do the shirts run small?' }),
    ]);
    expect(Object.keys(opened)).not.toContain('email');

    const sent = await say(opened.id, '  Size M, please  ');
    expect(sent.status).toBe(201);
    expect(await sent.json()).toMatchObject({ seq: 2, body: 'Size M, please', id: `msg_${opened.id.slice(5)}_2` });
    const read = await (await edgeFetch(`/api/conversations/${opened.id}`)).json<Conversation>();
    expect(read.messages.map((m) => m.seq)).toEqual([1, 2]);
  });

  it('shows a signed-in customer’s conversation to them only: 404 for anyone else', async () => {
    const mine = await open({}, await bearer('cus_owner'));
    expect((await edgeFetch(`/api/conversations/${mine.id}`, { headers: await bearer('cus_owner') })).status).toBe(200);
    for (const headers of [{}, await bearer('cus_other')]) {
      for (const res of [
        await edgeFetch(`/api/conversations/${mine.id}`, { headers }),
        await say(mine.id, 'hello?', headers),
        await edgeFetch(`/api/conversations/${mine.id}/ticket`, { method: 'POST', headers }),
      ]) {
        expect(res.status).toBe(404);
        expect(await errorCode(res)).toBe('conversation_not_found');
      }
    }
    for (const id of ['conv_nope', `conv_${'0'.repeat(64)}`, 'cart_1']) {
      expect(await errorCode(await edgeFetch(`/api/conversations/${id}`))).toBe('conversation_not_found');
    }
  });

  it('refuses empty, oversized or garbled messages and malformed opening bodies', async () => {
    const { id } = await open();
    for (const body of ['', '   ', 'x'.repeat(2001), 'bell\u0007', 42]) {
      const res = await say(id, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    for (const body of [
      { email: 'not-an-email' },
      { orderId: 'drop table' },
      { subject: 'x'.repeat(201) },
      { unknown: 1 },
      { message: '   ' },
      { message: 'bell\u0007' },
    ]) {
      const res = await edgeFetch('/api/conversations', jsonRequest('POST', body));
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    expect((await (await edgeFetch(`/api/conversations/${id}`)).json<Conversation>()).messages).toEqual([]);
  });

  it('limits how fast a shopper writes, with Retry-After', async () => {
    const { id } = await open();
    for (let i = 0; i < SHOPPER_BURST; i++) expect((await say(id, `message ${i}`)).status).toBe(201);
    const refused = await say(id, 'one more');
    expect(refused.status).toBe(429);
    expect(await errorCode(refused)).toBe('rate_limited');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('conversations over WebSockets', () => {
  it('delivers every message to every socket: a shopper’s, and an agent’s sent through the origin', async () => {
    const { id } = await open({ message: 'Hi' });
    const shopper = await connect(id);
    expect((await shopper.next('conversation')).conversation?.messages.map((m) => m.body)).toEqual(['Hi']);
    const agentTicket = await issueTicket(TEST_SECRET, {
      conversationId: id,
      role: 'agent',
      name: 'Grace (support)',
      credential: AGENT,
    });
    const agent = await connect(id, agentTicket.ticket);
    await agent.next('conversation');

    shopper.ws.send(JSON.stringify({ type: 'message', body: 'My parcel is late' }));
    expect((await agent.next('message')).message).toMatchObject({
      author: 'shopper',
      authorName: 'Ada',
      body: 'My parcel is late',
    });
    expect((await shopper.next('message')).message?.body).toBe('My parcel is late');

    agent.ws.send(JSON.stringify({ type: 'message', body: 'Looking into it' }));
    expect((await shopper.next('message')).message).toMatchObject({ author: 'agent', authorName: 'Grace (support)' });

    // the origin's admin API relays an agent's HTTP reply through the signed internal route
    const path = `/internal/conversations/${id}/messages`;
    const raw = JSON.stringify({ authorName: 'Grace (support)', body: 'It arrives tomorrow' });
    const relayed = await edgeFetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await signInternalRequest(TEST_SECRET, 'POST', path, raw)) },
      body: raw,
    });
    expect(relayed.status).toBe(201);
    expect((await shopper.next('message')).message?.body).toBe('It arrives tomorrow');

    shopper.ws.send('not json');
    expect((await shopper.next('error')).code).toBe('invalid_request');
    shopper.ws.close();
    agent.ws.close();
  });

  it('refuses a socket without a valid, fresh, unused ticket for this conversation', async () => {
    const { id } = await open();
    const other = await open();
    const noUpgrade = await edgeFetch(`/api/conversations/${id}/ws`);
    expect(noUpgrade.status).toBe(426);
    const attempt = (ticket: string) =>
      edgeFetch(`/api/conversations/${id}/ws?ticket=${encodeURIComponent(ticket)}`, {
        headers: { upgrade: 'websocket' },
      });
    expect(await errorCode(await attempt('garbage'))).toBe('invalid_ticket');
    const foreign = await issueTicket(TEST_SECRET, { conversationId: other.id, role: 'shopper', name: 'x' });
    expect((await attempt(foreign.ticket)).status).toBe(401);
    const expired = await issueTicket(
      TEST_SECRET,
      { conversationId: id, role: 'agent', name: 'x', credential: AGENT },
      Date.now() - 120_000,
    );
    expect((await attempt(expired.ticket)).status).toBe(401);
    const forged = await issueTicket('another-secret', {
      conversationId: id,
      role: 'agent',
      name: 'x',
      credential: AGENT,
    });
    expect((await attempt(forged.ticket)).status).toBe(401);

    const good = await issueTicket(TEST_SECRET, { conversationId: id, role: 'shopper', name: 'Ada' });
    const first = await attempt(good.ticket);
    expect(first.status).toBe(101);
    first.webSocket?.accept();
    const replay = await attempt(good.ticket);
    expect(replay.status).toBe(401);
    first.webSocket?.close();
  });

  it('refuses the internal routes without the origin’s signature', async () => {
    const { id } = await open();
    const res = await edgeFetch(
      `/internal/conversations/${id}/messages`,
      jsonRequest('POST', { authorName: 'Mallory', body: 'Pay here' }),
    );
    expect(res.status).toBe(401);
    const status = await edgeFetch(`/internal/conversations/${id}/status`, jsonRequest('POST', { status: 'closed' }));
    expect(status.status).toBe(401);
    expect((await (await edgeFetch(`/api/conversations/${id}`)).json<Conversation>()).messages).toEqual([]);
  });
});

describe('copies for the agent inbox', () => {
  it('syncs every message to the origin, retrying until the origin answers', async () => {
    const { id } = await open({ message: 'First' }, await bearer('cus_sync'));
    await say(id, 'Second', await bearer('cus_sync'));
    origin.failWith = 503;
    expect(await runDurableObjectAlarm(stubOf(id))).toBe(true);
    expect(origin.supportSyncs).toEqual([]);
    origin.failWith = null;
    expect(await runDurableObjectAlarm(stubOf(id))).toBe(true);
    expect(origin.supportSyncs).toHaveLength(1);
    const [sync] = origin.supportSyncs;
    expect(sync?.conversation).toMatchObject({
      id,
      customerId: 'cus_sync',
      name: 'Ada',
      subject: 'Where is my parcel?',
    });
    expect(sync?.messages.map((m) => m.body)).toEqual(['First', 'Second']);

    // acknowledged messages are not sent again; the next one is
    await say(id, 'Third', await bearer('cus_sync'));
    await runDurableObjectAlarm(stubOf(id));
    expect(origin.supportSyncs.at(-1)?.messages.map((m) => m.body)).toEqual(['Third']);
  });
});
