/**
 * Customer service: the shapes shared by the conversation Durable Object at the edge and the
 * agent inbox at the origin (type-only imports, plus these pure constants), and the paths each
 * side calls on the other. A conversation lives in its Durable Object; the origin keeps a copy
 * of every message for the inbox, synced by the object.
 */
import { z } from 'zod';

export const CONVERSATION_STATUSES = ['open', 'closed'] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];

export const MESSAGE_AUTHORS = ['shopper', 'agent', 'system'] as const;
export type MessageAuthor = (typeof MESSAGE_AUTHORS)[number];

export const ConversationMessageSchema = z
  .object({
    /** `msg_<conversation hex>_<seq>`: unique everywhere, ordered within the conversation. */
    id: z.string(),
    seq: z.int().min(1),
    author: z.enum(MESSAGE_AUTHORS),
    authorName: z.string(),
    body: z.string(),
    at: z.string(),
  })
  .meta({ id: 'ConversationMessage' });
export type ConversationMessage = z.infer<typeof ConversationMessageSchema>;

/** What a shopper (and an agent) sees of a conversation. */
export const ConversationSchema = z
  .object({
    id: z.string(),
    status: z.enum(CONVERSATION_STATUSES),
    subject: z.string().nullable(),
    orderId: z.string().nullable(),
    createdAt: z.string(),
    messages: z.array(ConversationMessageSchema),
  })
  .meta({ id: 'Conversation' });
export type Conversation = z.infer<typeof ConversationSchema>;

/** The conversation's details the origin's inbox keeps besides the messages. */
export interface ConversationMeta {
  id: string;
  status: ConversationStatus;
  subject: string | null;
  orderId: string | null;
  /** The signed-in customer who opened it (null: a guest). */
  customerId: string | null;
  name: string | null;
  email: string | null;
  createdAt: string;
}

/** Edge → origin: messages the origin has not acknowledged yet (idempotent by message id). */
export interface SyncPayload {
  conversation: ConversationMeta;
  messages: ConversationMessage[];
}

export const MESSAGE_MAX_LENGTH = 2_000;

/**
 * What a socket was opened with, carried by its ticket and kept with the socket, so the
 * conversation object can ask the origin whether it still holds: the signed-in customer's
 * refresh session, or the agent's staff session (by the SHA-256 of its token, never the token),
 * API key or root token (by its SHA-256, so a rotated ADMIN_TOKEN ends its sockets). A guest has
 * none: their conversation's unguessable id is their credential and it never lapses.
 */
export type SocketCredential =
  | { kind: 'customer_session'; customerId: string; sessionId: string }
  | { kind: 'staff_session'; staffId: string; sessionHash: string }
  | { kind: 'api_key'; keyId: string }
  | { kind: 'root'; tokenHash: string };

/**
 * Why a credential no longer holds. `session_ended` (logout, expiry, a password change) and
 * `credential_revoked` (an API key revoked or expired, the root token changed): sign in again
 * and take a new ticket. `staff_disabled` and `permission_revoked` (the role lost `support:write`):
 * a new ticket would be refused too.
 */
export const CREDENTIAL_LAPSES = [
  'session_ended',
  'credential_revoked',
  'staff_disabled',
  'permission_revoked',
] as const;
export type CredentialLapse = (typeof CREDENTIAL_LAPSES)[number];

export type CredentialVerdict = { valid: true } | { valid: false; reason: CredentialLapse };

/** At most this many credentials go in one check (`supportPaths.socketCredentials`). */
export const CREDENTIALS_PER_CHECK = 100;

export const supportPaths = {
  /** Origin: `POST` a sync batch from the conversation object. */
  sync: (id: string) => `/internal/support/conversations/${encodeURIComponent(id)}/sync`,
  /** Origin: `POST { credentials }`, whether the credentials of a conversation's sockets still hold. */
  socketCredentials: '/internal/support/socket-credentials',
  /** Edge: `POST { authorName, body }`, an agent's message (from the origin's admin API). */
  agentMessage: (id: string) => `/internal/conversations/${encodeURIComponent(id)}/messages`,
  /** Edge: `POST { status }`, closes or reopens a conversation. */
  status: (id: string) => `/internal/conversations/${encodeURIComponent(id)}/status`,
  /** Edge: the WebSocket of a conversation (`?ticket=`), for shoppers and agents alike. */
  socket: (id: string) => `/api/conversations/${encodeURIComponent(id)}/ws`,
} as const;
