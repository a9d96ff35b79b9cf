/** Request and response shapes of the support routes (zod, for validation and the OpenAPI document). */
import { z } from '@hono/zod-openapi';
import {
  CONVERSATION_STATUSES,
  CREDENTIAL_LAPSES,
  CREDENTIALS_PER_CHECK,
  MESSAGE_MAX_LENGTH,
} from '../../contract/support';

export const ConversationIdParam = z.object({
  id: z
    .string()
    .regex(/^conv_[0-9a-f]{64}$/)
    .openapi({ param: { name: 'id', in: 'path' } }),
});

const MessageSchema = z
  .object({
    id: z.string().regex(/^msg_[0-9a-f]{64}_\d{1,6}$/),
    seq: z.number().int().min(1).max(1_000_000),
    author: z.enum(['shopper', 'agent', 'system']),
    authorName: z.string().min(1).max(80),
    body: z.string().min(1).max(MESSAGE_MAX_LENGTH),
    at: z.iso.datetime({ offset: true }),
  })
  .strict()
  .openapi('ConversationMessage');

const nullableText = (max: number) => z.string().max(max).nullable();

export const SyncBody = z
  .object({
    conversation: z
      .object({
        id: z.string().regex(/^conv_[0-9a-f]{64}$/),
        status: z.enum(CONVERSATION_STATUSES),
        subject: nullableText(200),
        orderId: nullableText(64),
        customerId: nullableText(64),
        name: nullableText(80),
        email: nullableText(254),
        createdAt: z.iso.datetime({ offset: true }),
      })
      .strict(),
    messages: z.array(MessageSchema).max(500),
  })
  .strict()
  .openapi('ConversationSync');

const id = z.string().min(1).max(128);
const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

const SocketCredentialSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('customer_session'), customerId: id, sessionId: id }).strict(),
    z.object({ kind: z.literal('staff_session'), staffId: id, sessionHash: sha256 }).strict(),
    z.object({ kind: z.literal('api_key'), keyId: id }).strict(),
    z.object({ kind: z.literal('root'), tokenHash: sha256 }).strict(),
  ])
  .openapi('SocketCredential');

export const SocketCredentialsBody = z
  .object({ credentials: z.array(SocketCredentialSchema).min(1).max(CREDENTIALS_PER_CHECK) })
  .strict()
  .openapi('SocketCredentialCheck');

export const SocketCredentialsResponse = z
  .object({
    results: z.array(
      z.union([
        z.object({ valid: z.literal(true) }),
        z.object({ valid: z.literal(false), reason: z.enum(CREDENTIAL_LAPSES) }),
      ]),
    ),
  })
  .openapi('SocketCredentialVerdicts');

export const InboxQuery = z
  .object({
    status: z.enum(CONVERSATION_STATUSES).optional(),
    assignedTo: z
      .string()
      .regex(/^(me|none|stf_[0-9A-Za-z]+)$/)
      .optional(),
    awaitingReply: z.enum(['true', 'false']).optional(),
    cursor: z.string().min(1).max(300).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();

export const AssignBody = z
  .object({ staffId: z.union([z.literal('me'), z.string().regex(/^stf_[0-9A-Za-z]+$/), z.null()]).default('me') })
  .strict()
  .openapi('ConversationAssignment');

export const ReplyBody = z
  .object({ body: z.string().min(1).max(MESSAGE_MAX_LENGTH) })
  .strict()
  .openapi('AgentReply');

export { MessageSchema };
