/**
 * Customer service end to end: the real edge (`wrangler dev`, one Durable Object per
 * conversation with hibernating WebSockets) and the real origin (Bun, PGlite): a shopper writes
 * over a WebSocket, the message reaches the agent inbox at the origin, an agent answers through
 * the admin API and on their own socket, and the shopper's socket gets every answer at once.
 * Sockets end with their credentials: a shopper's when they log out, an agent's when they log
 * out, are disabled or lose the support role (checked every second here).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { AuthSession } from '../contract/customers';
import { LOAD_TEST_LIMITS, type Stack, startStack } from '../scripts/lib/stack.mjs';
import { adminApi, answer, expectStatus, shopperApi, until } from '../test/support/http';

let stack: Stack;
/** The shopper API at the edge and the owner's admin API at the origin, typed by their definitions. */
let shop: ReturnType<typeof shopperApi>;
let admin: ReturnType<typeof adminApi>;
beforeAll(async () => {
  stack = await startStack({
    edgeVars: { ...LOAD_TEST_LIMITS, CHAT_CREDENTIAL_CHECK_SECONDS: '1' },
    // Hashing as fast as development allows: this file signs in a shopper and four agents.
    originEnv: { STAFF_PASSWORD_ITERATIONS: '1000', CUSTOMER_PASSWORD_ITERATIONS: '1000' },
    seedProducts: 0,
    log: Boolean(process.env.E2E_LOG),
  });
  shop = shopperApi(stack.edgeUrl);
  admin = adminApi(stack.originUrl, stack.adminToken);
}, 180_000);
afterAll(async () => {
  await stack?.stop();
}, 60_000);

// The support admin routes document their answers as any JSON (support.admin.routes.ts): the
// shapes this file reads, typed here.
interface Inbox {
  items: { id: string; subject?: string; email?: string }[];
}
interface Thread {
  messages: { author: string }[];
}
interface AgentTicket {
  url: string;
}

/**
 * The local runtime does not drop the connection after a closing handshake, which a client waits
 * for before it reports the close; browsers stop waiting after a couple of seconds (Chromium: 2 s),
 * and so does this client, after one.
 */
const CLOSE_WAIT_MS = 1_000;

/** A WebSocket (the `ws` client), every event it received, parsed, and the close frame once it closed. */
async function socket(url: string) {
  const ws = new WebSocket(url, { closeTimeout: CLOSE_WAIT_MS } as WebSocket.ClientOptions);
  const events: { type: string; message?: { author: string; body: string }; status?: string }[] = [];
  let closed: { code: number; reason: string } | null = null;
  ws.on('message', (data) => {
    events.push(JSON.parse(String(data)));
  });
  ws.on('close', (code, reason) => {
    closed = { code, reason: reason.toString() };
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', () => reject(new Error(`could not open ${url}`)));
  });
  const bodies = (author: string) =>
    events.filter((e) => e.type === 'message' && e.message?.author === author).map((e) => e.message?.body);
  return { ws, events, bodies, closed: () => closed };
}

describe('a customer-service conversation', () => {
  it('carries messages both ways live and keeps them in the agent inbox', async () => {
    const opened = await expectStatus(
      shop.api.conversations.$post({ json: { subject: 'Order question', name: 'Ada', email: 'ada@example.com' } }),
      201,
    );
    const id = opened.id;
    const ticket = await expectStatus(shop.api.conversations[':id'].ticket.$post({ param: { id } }), 200);
    const shopper = await socket(
      `${stack.edgeUrl.replace('http', 'ws')}${ticket.url}?ticket=${encodeURIComponent(ticket.ticket)}`,
    );
    shopper.ws.send(JSON.stringify({ type: 'message', body: 'Can I change my address?' }));

    // the conversation object copies it to the origin; the agent finds it waiting
    const inbox = await until(
      async () => (await answer(admin.admin.conversations.$get({ query: { awaitingReply: 'true' } }))).body as Inbox,
      (b) => b?.items?.some((c: { id: string }) => c.id === id),
      'the conversation in the inbox',
    );
    expect(inbox.items.find((c: { id: string }) => c.id === id)).toMatchObject({
      subject: 'Order question',
      email: 'ada@example.com',
    });

    const conversation = admin.admin.conversations[':id'];
    const reply = await conversation.messages.$post({ param: { id }, json: { body: 'Yes, until it ships.' } });
    expect(reply.status).toBe(201);
    await until(
      async () => shopper.bodies('agent'),
      (b) => b.includes('Yes, until it ships.'),
      'the answer on the shopper’s socket',
    );

    // an agent on a socket of their own, with a ticket from the admin API
    const agentTicket = (await expectStatus(conversation.ticket.$post({ param: { id } }), 200)) as AgentTicket;
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

    const closed = (await expectStatus(conversation.close.$post({ param: { id } }), 200)) as { status: string };
    expect(closed.status).toBe('closed');
    await until(
      async () => shopper.events.some((e) => e.type === 'status' && e.status === 'closed'),
      Boolean,
      'the close on the socket',
    );
    const kept = await until(
      async () => (await answer(conversation.$get({ param: { id } }))).body as Thread,
      (c) => c?.messages?.length === 4,
      'every message in the inbox',
    );
    expect(kept.messages.map((m: { author: string }) => m.author)).toEqual(['shopper', 'agent', 'agent', 'shopper']);
    shopper.ws.close();
    agent.ws.close();
  });
});

describe('sockets and their credentials', () => {
  const PASSWORD = 'an agent password, long enough';

  /** A support agent, created by the owner and signed in, with a socket on conversation `id`. */
  async function agentOn(id: string) {
    const email = `agent-${crypto.randomUUID()}@example.com`;
    const created = await expectStatus(
      admin.admin.staff.$post({ query: {}, json: { email, password: PASSWORD, role: 'support' } }),
      201,
    );
    const login = await expectStatus(
      admin.admin.auth.login.$post({ query: {}, json: { email, password: PASSWORD } }),
      200,
    );
    const token = login.token;
    const asAgent = adminApi(stack.originUrl, token);
    const ticket = (await expectStatus(
      asAgent.admin.conversations[':id'].ticket.$post({ param: { id } }),
      200,
    )) as AgentTicket;
    return { id: created.id, token, socket: await socket(ticket.url) };
  }

  /** A shopper's socket on conversation `id`, with a ticket from the edge (as `headers`' shopper). */
  async function shopperOn(id: string, headers: Record<string, string> = {}) {
    const ticket = await expectStatus(shop.api.conversations[':id'].ticket.$post({ param: { id } }, { headers }), 200);
    return socket(`${stack.edgeUrl.replace('http', 'ws')}${ticket.url}?ticket=${encodeURIComponent(ticket.ticket)}`);
  }

  it('closes each socket whose session, account or role ended, and only those', async () => {
    const session: AuthSession = await expectStatus(
      shop.api.auth.register.$post({
        json: { email: `ada-${crypto.randomUUID()}@example.com`, password: 'a long enough password' },
      }),
      201,
    );
    const asAda = { authorization: `Bearer ${session.accessToken}` };
    const mine = await expectStatus(
      shop.api.conversations.$post({ json: { message: 'Where is it?' } }, { headers: asAda }),
      201,
    );
    const guests = await answer(shop.api.conversations.$post({ json: { message: 'Hello?' } }));
    if (guests.status !== 201) throw new Error(`a guest's conversation: ${guests.status}`);
    const [id, guestId] = [mine.id, guests.body.id];
    // the agents' tickets need the conversation in the inbox
    for (const c of [id, guestId]) {
      await until(
        async () => (await admin.admin.conversations[':id'].$get({ param: { id: c } })).status,
        (s) => s === 200,
        `${c} in the inbox`,
      );
    }

    const shopper = await shopperOn(id, asAda);
    const guest = await shopperOn(guestId);
    // the customer's conversation: the shopper and three agents; the guest's: the guest and one agent
    const [loggedOut, disabled, staying, demoted] = [
      await agentOn(id),
      await agentOn(id),
      await agentOn(id),
      await agentOn(guestId),
    ];

    const out = await shop.api.auth.logout.$post({}, { headers: asAda });
    expect(out.status).toBe(204);
    const staffOut = await adminApi(stack.originUrl, loggedOut.token).admin.auth.logout.$post({ query: {} });
    expect(staffOut.status).toBe(204);
    const staff = admin.admin.staff[':id'];
    expect((await staff.$patch({ param: { id: disabled.id }, query: {}, json: { disabled: true } })).status).toBe(200);
    expect((await staff.$patch({ param: { id: demoted.id }, query: {}, json: { role: 'catalog' } })).status).toBe(200);

    const lapsed = [shopper, loggedOut.socket, disabled.socket, demoted.socket];
    const frames = await until(
      async () => lapsed.map((s) => s.closed()),
      (all) => all.every((frame) => frame !== null),
      'the lapsed sockets closed',
    );
    expect(frames).toEqual([
      { code: 4401, reason: 'session_ended' },
      { code: 4401, reason: 'session_ended' },
      { code: 4403, reason: 'staff_disabled' },
      { code: 4403, reason: 'permission_revoked' },
    ]);
    // the checks that closed those kept the guest's socket and the valid agent's, which still work
    expect([guest.closed(), staying.socket.closed()]).toEqual([null, null]);
    guest.ws.send(JSON.stringify({ type: 'message', body: 'Still here' }));
    staying.socket.ws.send(JSON.stringify({ type: 'message', body: 'So am I' }));
    await until(
      async () => ({ guest: guest.bodies('shopper'), agent: staying.socket.bodies('agent') }),
      (seen) => seen.guest.includes('Still here') && seen.agent.includes('So am I'),
      'both sockets still carrying messages',
    );
    guest.ws.close();
    staying.socket.ws.close();
  });
});
