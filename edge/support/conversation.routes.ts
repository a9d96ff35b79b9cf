/**
 * Customer-service conversations at the edge, one Durable Object each. Shoppers open one, read
 * it and write to it over HTTP, or take a ticket and talk over a WebSocket; agents reach the same
 * socket with a ticket from the origin's admin API, and their HTTP replies come from the origin
 * through the signed `/internal/conversations/*` routes. A guest's conversation answers whoever
 * holds its (unguessable) id; a signed-in customer's answers only them, and
 * everyone else gets `404 conversation_not_found`.
 */
import { $ } from '@hono/zod-openapi';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { issueTicket, verifyTicket } from '../../contract/chat-ticket';
import { CONVERSATION_STATUSES, MESSAGE_MAX_LENGTH, supportPaths } from '../../contract/support';
import { readConfig } from '../lib/config';
import type { AppContext, AppEnv } from '../lib/context';
import { ApiError, errorResponse } from '../lib/errors';
import { noStore } from '../lib/no-store';
import { requireJson, router } from '../lib/openapi';
import { shopperSession, viewerOf } from '../lib/session';
import { signedJsonBody } from '../lib/signed-body';
import { parseOrThrow } from '../lib/validate';
import {
  conversationRoute,
  openConversationRoute,
  postMessageRoute,
  socketRoute,
  ticketRoute,
} from './conversation.api';
import { type MessageOutcome, SOCKET_HEADERS } from './conversation-object';
import { messageBody } from './conversation-rules';
import { conversationIdOf, conversationStub } from './conversation-stub';

const MAX_BODY_BYTES = 16 * 1024;

const agentMessageBody = z.strictObject({
  authorName: z.string().min(1).max(80),
  body: z.string().max(MESSAGE_MAX_LENGTH),
});
const statusBody = z.strictObject({ status: z.enum(CONVERSATION_STATUSES) });

const notFound = () => new ApiError('conversation_not_found', 'No such conversation');

function sent(c: AppContext, outcome: MessageOutcome | null) {
  if (!outcome) throw notFound();
  if (!outcome.ok) {
    if (outcome.error.code === 'rate_limited')
      c.header('retry-after', String(Math.ceil(outcome.error.retryAfterMs / 1000)));
    return errorResponse(c, outcome.error.code, outcome.error.message);
  }
  return c.json(outcome.message, 201);
}

const writing = [bodyLimit({ maxSize: MAX_BODY_BYTES }), requireJson];

/** The shopper's conversation routes (conversation.api.ts). */
const shopperRoutes = $(router().use('/api/conversations', noStore).use('/api/conversations/*', noStore))
  .openapi({ ...openConversationRoute, middleware: writing }, async (c) => {
    const { message, ...input } = c.req.valid('json');
    // The first message is checked before anything is created: a refusal leaves nothing behind.
    const first = message === undefined ? null : messageBody(message);
    if (first && !first.ok) return errorResponse(c, first.error.code, first.error.message);
    const viewer = await viewerOf(c);
    const durableId = c.env.CONVERSATION.newUniqueId();
    const id = conversationIdOf(durableId);
    const conversation = await c.env.CONVERSATION.get(durableId).create(id, input, viewer, first?.body ?? null);
    c.header('location', `/api/conversations/${id}`);
    return c.json(conversation, 201);
  })
  .openapi(conversationRoute, async (c) => {
    const conversation = await conversationStub(c, c.req.valid('param').id).view(await viewerOf(c));
    if (!conversation) throw notFound();
    return c.json(conversation, 200);
  })
  .openapi({ ...postMessageRoute, middleware: writing }, async (c) => {
    const stub = conversationStub(c, c.req.valid('param').id);
    return sent(c, await stub.post(await viewerOf(c), c.req.valid('json').body));
  })
  .openapi(ticketRoute, async (c) => {
    const { id } = c.req.valid('param');
    const session = await shopperSession(c);
    const shopper = await conversationStub(c, id).shopperOf(session?.sub ?? null);
    if (shopper === null) throw notFound();
    // A customer's conversation is open to their session, so its socket lives as long as that
    // session does; a guest's is open to whoever holds its id, and its socket needs no check.
    const { ticket, expiresAt } = await issueTicket(readConfig(c.env).internalSecret, {
      conversationId: id,
      role: 'shopper',
      name: shopper.name,
      credential:
        shopper.customerId !== null && session
          ? { kind: 'customer_session', customerId: session.sub, sessionId: session.sid }
          : null,
    });
    return c.json({ ticket, expiresAt: new Date(expiresAt).toISOString(), url: supportPaths.socket(id) }, 200);
  })
  .openapi(socketRoute, async (c) => {
    const { id } = c.req.valid('param');
    const stub = conversationStub(c, id);
    if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') {
      throw new ApiError('upgrade_required', 'This is a WebSocket: connect with Upgrade: websocket');
    }
    const claims = await verifyTicket(readConfig(c.env).internalSecret, c.req.valid('query').ticket ?? '', id);
    if (!claims) throw new ApiError('invalid_ticket', 'Missing, invalid or expired ticket');
    const headers = new Headers(c.req.raw.headers);
    headers.set(SOCKET_HEADERS.role, claims.role);
    headers.set(SOCKET_HEADERS.name, claims.name);
    headers.set(SOCKET_HEADERS.nonce, claims.nonce);
    headers.set(SOCKET_HEADERS.expires, String(claims.expiresAt));
    if (claims.credential) headers.set(SOCKET_HEADERS.credential, JSON.stringify(claims.credential));
    else headers.delete(SOCKET_HEADERS.credential);
    return stub.fetch(new Request(c.req.url, { headers }));
  });

/** The origin's calls for agents (signed, not part of the shopper API). */
const agentRoutes = new Hono<AppEnv>()
  .post('/internal/conversations/:id/messages', async (c) => {
    const { authorName, body } = parseOrThrow(agentMessageBody, await signedJsonBody(c, MAX_BODY_BYTES));
    return sent(c, await conversationStub(c, c.req.param('id')).postAsAgent(authorName, body));
  })
  .post('/internal/conversations/:id/status', async (c) => {
    const { status } = parseOrThrow(statusBody, await signedJsonBody(c, MAX_BODY_BYTES));
    const conversation = await conversationStub(c, c.req.param('id')).setStatus(status);
    if (!conversation) throw notFound();
    return c.json(conversation, 200);
  });

export const conversationRoutes = shopperRoutes.route('/', agentRoutes);
