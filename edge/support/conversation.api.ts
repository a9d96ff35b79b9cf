/** Customer-service conversations: definitions of the shopper API (see lib/api-spec.ts). */
import { createRoute, z } from '@hono/zod-openapi';
import { ConversationMessageSchema, ConversationSchema, MESSAGE_MAX_LENGTH } from '../../contract/support';
import { error, gatewayErrors, idParam, json, jsonBody, optionalShopper, tooLarge } from '../lib/api-spec';

const tags = ['Customer service'];
const notFound = error('No such conversation, or not the caller’s', 'conversation_not_found');

const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

export const openConversationBody = z
  .strictObject({
    subject: optionalText(200),
    orderId: z
      .string()
      .regex(/^ord_[0-9A-Za-z]{1,60}$/)
      .nullable()
      .optional(),
    name: optionalText(80),
    email: z.email().max(254).nullable().optional(),
    /** The first message, so one request opens the conversation and says what it is about. */
    message: z.string().max(MESSAGE_MAX_LENGTH).optional(),
  })
  .meta({ id: 'OpenConversation' });

export const messageBody = z.strictObject({ body: z.string().max(MESSAGE_MAX_LENGTH) });

const badMessage = error('Malformed input or an empty message', 'invalid_request', 'malformed_json');

export const openConversationRoute = createRoute({
  method: 'post',
  path: '/api/conversations',
  tags,
  summary: 'Open a conversation with the support team (optionally with its first message)',
  security: optionalShopper,
  request: jsonBody(openConversationBody),
  responses: {
    201: json(ConversationSchema, 'The conversation; `Location` names it'),
    400: badMessage,
    409: error('The first message cannot be taken', 'conversation_full'),
    413: tooLarge,
    ...gatewayErrors,
  },
});

export const conversationRoute = createRoute({
  method: 'get',
  path: '/api/conversations/{id}',
  tags,
  summary: 'A conversation with its messages',
  security: optionalShopper,
  request: { params: idParam },
  responses: { 200: json(ConversationSchema, 'The conversation'), 404: notFound, ...gatewayErrors },
});

export const postMessageRoute = createRoute({
  method: 'post',
  path: '/api/conversations/{id}/messages',
  tags,
  summary: 'Write to a conversation',
  security: optionalShopper,
  request: { params: idParam, ...jsonBody(messageBody) },
  responses: {
    201: json(ConversationMessageSchema, 'The message'),
    400: badMessage,
    404: notFound,
    409: error('The conversation holds no more messages', 'conversation_full'),
    413: tooLarge,
    ...gatewayErrors,
  },
});

export const TicketSchema = z
  .object({ ticket: z.string(), expiresAt: z.string(), url: z.string() })
  .meta({ id: 'SocketTicket' });

export const ticketRoute = createRoute({
  method: 'post',
  path: '/api/conversations/{id}/ticket',
  tags,
  summary: 'A one-minute, single-use ticket to open the conversation’s WebSocket (`url?ticket=`)',
  security: optionalShopper,
  request: { params: idParam },
  responses: { 200: json(TicketSchema, 'The ticket and the socket’s path'), 404: notFound, ...gatewayErrors },
});

export const socketRoute = createRoute({
  method: 'get',
  path: '/api/conversations/{id}/ws',
  tags,
  summary: 'The conversation’s WebSocket (`Upgrade: websocket`, `?ticket=`)',
  description:
    'Send `{"type":"message","body":…}`; receive `{"type":"conversation"}` (the history), `{"type":"message"}`, ' +
    '`{"type":"status"}` and `{"type":"error","code":…}`; `ping` is answered `pong`.',
  request: {
    params: idParam,
    // A repeated ticket counts once (its first value), as it always has here.
    query: z.object({ ticket: z.preprocess((v) => (Array.isArray(v) ? v[0] : v), z.string().optional()) }),
  },
  responses: {
    101: { description: 'Switching protocols: the socket is open' },
    401: error('Missing, invalid or expired ticket', 'invalid_ticket'),
    426: error('Not a WebSocket request', 'upgrade_required'),
    ...gatewayErrors,
  },
});
