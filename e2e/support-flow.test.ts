/**
 * Customer service end to end: the real edge (`wrangler dev`, one Durable Object per
 * conversation with hibernating WebSockets) and the real origin (Bun, PGlite): a shopper writes
 * over a WebSocket, the message reaches the agent inbox at the origin, an agent answers through
 * the admin API and on their own socket, and the shopper's socket gets every answer at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOAD_TEST_LIMITS, type Stack, startStack } from '../scripts/lib/stack.mjs';
import { adminCaller, call, json, until } from './support/http';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ edgeVars: LOAD_TEST_LIMITS, seedProducts: 0, log: Boolean(process.env.E2E_LOG) });
}, 180_000);
afterAll(async () => {
  await stack?.stop();
}, 60_000);

const admin = adminCaller(
  () => stack.originUrl,
  () => stack.adminToken,
);

/** A WebSocket and every event it received, parsed. */
async function socket(url: string) {
  const ws = new WebSocket(url);
  const events: { type: string; message?: { author: string; body: string }; status?: string }[] = [];
  ws.addEventListener('message', (e) => events.push(JSON.parse(String(e.data))));
  await new Promise<void>((resolve, reject) => {
    ws.addEventListener('open', () => resolve());
    ws.addEventListener('error', () => reject(new Error(`could not open ${url}`)));
  });
  const bodies = (author: string) =>
    events.filter((e) => e.type === 'message' && e.message?.author === author).map((e) => e.message?.body);
  return { ws, events, bodies };
}

describe('a customer-service conversation', () => {
  it('carries messages both ways live and keeps them in the agent inbox', async () => {
    const opened = await call(
      stack.edgeUrl,
      '/api/conversations',
      json('POST', { subject: 'Order question', name: 'Ada', email: 'ada@example.com' }),
    );
    expect(opened.status).toBe(201);
    const id = opened.body.id as string;
    const ticket = (await call(stack.edgeUrl, `/api/conversations/${id}/ticket`, { method: 'POST' })).body;
    const shopper = await socket(
      `${stack.edgeUrl.replace('http', 'ws')}${ticket.url}?ticket=${encodeURIComponent(ticket.ticket)}`,
    );
    shopper.ws.send(JSON.stringify({ type: 'message', body: 'Can I change my address?' }));

    // the conversation object copies it to the origin; the agent finds it waiting
    const inbox = await until(
      async () => (await admin('/admin/conversations?awaitingReply=true')).body,
      (b) => b?.items?.some((c: { id: string }) => c.id === id),
      'the conversation in the inbox',
    );
    expect(inbox.items.find((c: { id: string }) => c.id === id)).toMatchObject({
      subject: 'Order question',
      email: 'ada@example.com',
    });

    const reply = await admin(`/admin/conversations/${id}/messages`, {
      method: 'POST',
      body: JSON.stringify({ body: 'Yes, until it ships.' }),
    });
    expect(reply.status).toBe(201);
    await until(
      async () => shopper.bodies('agent'),
      (b) => b.includes('Yes, until it ships.'),
      'the answer on the shopper’s socket',
    );

    // an agent on a socket of their own, with a ticket from the admin API
    const agentTicket = (await admin(`/admin/conversations/${id}/ticket`, { method: 'POST', body: '{}' })).body;
    const agent = await socket(agentTicket.url);
    agent.ws.send(JSON.stringify({ type: 'message', body: 'Anything else?' }));
    await until(
      async () => shopper.bodies('agent'),
      (b) => b.includes('Anything else?'),
      'the live answer',
    );
    shopper.ws.send(JSON.stringify({ type: 'message', body: 'No, thanks!' }));
    await until(
      async () => agent.bodies('shopper'),
      (b) => b.includes('No, thanks!'),
      'the shopper’s message on the agent’s socket',
    );

    const closed = await admin(`/admin/conversations/${id}/close`, { method: 'POST', body: '{}' });
    expect(closed.body.status).toBe('closed');
    await until(
      async () => shopper.events.some((e) => e.type === 'status' && e.status === 'closed'),
      Boolean,
      'the close on the socket',
    );
    const kept = await until(
      async () => (await admin(`/admin/conversations/${id}`)).body,
      (c) => c?.messages?.length === 4,
      'every message in the inbox',
    );
    expect(kept.messages.map((m: { author: string }) => m.author)).toEqual(['shopper', 'agent', 'agent', 'shopper']);
    shopper.ws.close();
    agent.ws.close();
  });
});
