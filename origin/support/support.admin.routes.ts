/** `/admin/conversations`: the agent inbox, replies, assignment, closing, and tickets for the live socket. */
import { createRoute, z } from '@hono/zod-openapi';
import { decodeBase64UrlText, encodeBase64Url } from '../../contract/base64url';
import { issueTicket } from '../../contract/chat-ticket';
import { supportPaths } from '../../contract/support';
import { type AdminVariables, credentialOf, type Principal } from '../members';
import type { OriginContext } from '../platform/context';
import { unwrap } from '../platform/errors';
import { adminErrors, jsonBody, jsonResponse, router } from '../platform/openapi';
import { err, ok } from '../platform/result';
import {
  assignConversation,
  changeStatus,
  conversationKnown,
  inboxConversation,
  listInbox,
  replyAsAgent,
} from './inbox';
import { AssignBody, ConversationIdParam, InboxQuery, MessageSchema, ReplyBody } from './support.schemas';

const tags = ['Support'];
const security = [{ adminToken: [] }];
const Json = z.any();

/** The name shoppers see on an agent's messages. */
function agentName(p: Principal): string {
  if (p.kind === 'session') return p.staff.name.trim() || 'Support';
  if (p.kind === 'api_key') return p.keyName;
  return 'Support';
}

function staffIdOf(p: Principal): string | null {
  return p.kind === 'session' ? p.staff.id : p.kind === 'api_key' ? p.staffId : null;
}

const encodeCursor = (at: Date, id: string) => encodeBase64Url(`${at.getTime()}|${id}`);

function decodeCursor(cursor: string): { at: Date; id: string } {
  const [ms, id] = (decodeBase64UrlText(cursor) ?? '').split('|');
  if (ms && /^\d{1,15}$/.test(ms) && id && /^conv_[0-9a-f]{64}$/.test(id)) return { at: new Date(Number(ms)), id };
  return unwrap(err('invalid_cursor', 'The cursor is malformed'));
}

export function supportAdminRoutes(ctx: OriginContext) {
  const action = <const P extends string>(path: P, summary: string) =>
    createRoute({
      method: 'post',
      path,
      tags,
      security,
      summary,
      request: { params: ConversationIdParam },
      responses: { 200: jsonResponse(Json, 'The conversation'), ...adminErrors },
    });

  return router<AdminVariables>()
    .openapi(
      createRoute({
        method: 'get',
        path: '/conversations',
        tags,
        security,
        summary:
          'The inbox: conversations by latest activity, by status, assignee (me, none, a staff id) and whether the customer waits',
        request: { query: InboxQuery },
        responses: { 200: jsonResponse(Json, '{ items, nextCursor }'), ...adminErrors },
      }),
      async (c) => {
        const { cursor, assignedTo, awaitingReply, ...q } = c.req.valid('query');
        const me = staffIdOf(c.get('principal'));
        if (assignedTo === 'me' && !me)
          unwrap(err('not_a_staff_member', 'Only a staff member has conversations of their own'));
        const page = await listInbox(ctx.db, {
          ...q,
          assignedTo: assignedTo === 'me' ? (me as string) : assignedTo,
          awaitingReply: awaitingReply === undefined ? undefined : awaitingReply === 'true',
          after: cursor ? decodeCursor(cursor) : undefined,
        });
        return c.json(
          { items: page.items, nextCursor: page.last ? encodeCursor(page.last.at, page.last.id) : null },
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/conversations/{id}',
        tags,
        security,
        summary: 'One conversation with all its messages',
        request: { params: ConversationIdParam },
        responses: { 200: jsonResponse(Json, 'The conversation'), ...adminErrors },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const found = await inboxConversation(ctx.db, id);
        return c.json(unwrap(found ? ok(found) : err('conversation_not_found', `No conversation ${id}`)), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/conversations/{id}/assign',
        tags,
        security,
        summary: 'Assign to a staff member (default: me; null: back to the queue)',
        request: {
          params: ConversationIdParam,
          body: { content: { 'application/json': { schema: AssignBody } }, required: false },
        },
        responses: { 200: jsonResponse(Json, 'The conversation'), ...adminErrors },
      }),
      async (c) => {
        const chosen = c.req.header('content-type')?.includes('json') ? c.req.valid('json').staffId : 'me';
        const staffId = chosen === 'me' ? staffIdOf(c.get('principal')) : chosen;
        if (chosen === 'me' && !staffId) {
          unwrap(err('not_a_staff_member', 'Only a staff member can take a conversation; name a staffId'));
        }
        return c.json(unwrap(await assignConversation(ctx, c.req.valid('param').id, staffId)), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/conversations/{id}/messages',
        tags,
        security,
        summary: 'Answer the customer: the message reaches their open socket at once and the conversation reopens',
        request: { params: ConversationIdParam, ...jsonBody(ReplyBody) },
        responses: { 201: jsonResponse(MessageSchema, 'The message'), ...adminErrors },
      }),
      async (c) => {
        const name = agentName(c.get('principal'));
        const sent = await replyAsAgent(ctx, c.req.valid('param').id, name, c.req.valid('json').body);
        return c.json(unwrap(sent), 201);
      },
    )
    .openapi(action('/conversations/{id}/close', 'Close the conversation (a new message reopens it)'), async (c) =>
      c.json(unwrap(await changeStatus(ctx, c.req.valid('param').id, 'closed')), 200),
    )
    .openapi(action('/conversations/{id}/reopen', 'Reopen a closed conversation'), async (c) =>
      c.json(unwrap(await changeStatus(ctx, c.req.valid('param').id, 'open')), 200),
    )
    .openapi(
      action(
        '/conversations/{id}/ticket',
        'A one-minute, single-use ticket for the conversation’s WebSocket at the edge; the socket closes when the caller’s credential ends (logout, disabled, support role lost)',
      ),
      async (c) => {
        const { id } = c.req.valid('param');
        unwrap(
          (await conversationKnown(ctx.db, id)) ? ok(true) : err('conversation_not_found', `No conversation ${id}`),
        );
        const { ticket, expiresAt } = await issueTicket(ctx.config.internalSecret, {
          conversationId: id,
          role: 'agent',
          name: agentName(c.get('principal')),
          // The socket stays open while this credential holds (re-checked by the conversation object).
          credential: await credentialOf(c.get('principal'), ctx.config.adminToken),
        });
        const socket = new URL(supportPaths.socket(id), ctx.config.customers.publicStoreUrl);
        socket.protocol = socket.protocol === 'https:' ? 'wss:' : 'ws:';
        socket.searchParams.set('ticket', ticket);
        return c.json({ ticket, expiresAt: new Date(expiresAt).toISOString(), url: socket.toString() }, 200);
      },
    );
}
