/**
 * A customer-service conversation as plain data, and the rules for changing it: who may see it,
 * what a message may say, how fast a shopper may write. The Durable Object (conversation-object.ts)
 * only loads, applies these and stores.
 */
import type {
  Conversation,
  ConversationMessage,
  ConversationMeta,
  ConversationStatus,
  MessageAuthor,
} from '../../contract/support';
import { MESSAGE_MAX_LENGTH } from '../../contract/support';

/** Messages one conversation may hold; past this a new conversation is the way on. */
export const MAX_MESSAGES = 1_000;
/** A shopper may send this many messages per window (agents are not limited). */
export const SHOPPER_BURST = 10;
export const SHOPPER_WINDOW_MS = 60_000;

export interface ConversationState {
  meta: ConversationMeta;
  messages: ConversationMessage[];
}

export type MessageError =
  | { code: 'invalid_request'; message: string }
  | { code: 'conversation_full'; message: string }
  | { code: 'rate_limited'; message: string; retryAfterMs: number };

export interface NewConversation {
  subject?: string | null;
  orderId?: string | null;
  name?: string | null;
  email?: string | null;
}

export function newConversation(
  id: string,
  input: NewConversation,
  customerId: string | null,
  now: number,
): ConversationState {
  return {
    meta: {
      id,
      status: 'open',
      subject: clean(input.subject),
      orderId: clean(input.orderId),
      customerId,
      name: clean(input.name),
      email: clean(input.email)?.toLowerCase() ?? null,
      createdAt: new Date(now).toISOString(),
    },
    messages: [],
  };
}

function clean(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

/**
 * A guest's conversation is open to whoever holds its (unguessable) id, like a guest cart; a
 * signed-in customer's only to that customer.
 */
export function visibleTo(state: ConversationState, viewer: string | null): boolean {
  return state.meta.customerId === null || state.meta.customerId === viewer;
}

/** Control characters other than tab and newline are refused: they garble an agent's screen. */
function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a) || code === 0x7f) return true;
  }
  return false;
}

/** A message's text, or why it cannot be sent. */
export function messageBody(raw: unknown): { ok: true; body: string } | { ok: false; error: MessageError } {
  const body = typeof raw === 'string' ? raw.trim() : '';
  if (!body) return { ok: false, error: { code: 'invalid_request', message: 'A message needs some text' } };
  if (body.length > MESSAGE_MAX_LENGTH) {
    return {
      ok: false,
      error: { code: 'invalid_request', message: `A message is at most ${MESSAGE_MAX_LENGTH} characters` },
    };
  }
  if (hasControlCharacter(body)) {
    return { ok: false, error: { code: 'invalid_request', message: 'A message cannot hold control characters' } };
  }
  return { ok: true, body };
}

/** The message id of `seq` in conversation `conversationId` (`conv_<hex>` → `msg_<hex>_<seq>`). */
export function messageId(conversationId: string, seq: number): string {
  return `msg_${conversationId.slice('conv_'.length)}_${seq}`;
}

/**
 * Appends a message. A message reopens a closed conversation (the shopper came back, or the
 * agent followed up). Shoppers are limited to SHOPPER_BURST messages per SHOPPER_WINDOW_MS.
 */
export function appendMessage(
  state: ConversationState,
  author: MessageAuthor,
  authorName: string,
  rawBody: unknown,
  now: number,
): { ok: true; state: ConversationState; message: ConversationMessage } | { ok: false; error: MessageError } {
  const checked = messageBody(rawBody);
  if (!checked.ok) return checked;
  if (state.messages.length >= MAX_MESSAGES) {
    return {
      ok: false,
      error: { code: 'conversation_full', message: 'This conversation is full; please start a new one' },
    };
  }
  if (author === 'shopper') {
    const recent = state.messages.filter((m) => m.author === 'shopper' && now - Date.parse(m.at) < SHOPPER_WINDOW_MS);
    if (recent.length >= SHOPPER_BURST) {
      const oldest = Date.parse(recent[0]?.at ?? new Date(now).toISOString());
      return {
        ok: false,
        error: {
          code: 'rate_limited',
          message: 'Too many messages; wait a moment',
          retryAfterMs: Math.max(1, oldest + SHOPPER_WINDOW_MS - now),
        },
      };
    }
  }
  const seq = (state.messages.at(-1)?.seq ?? 0) + 1;
  const message: ConversationMessage = {
    id: messageId(state.meta.id, seq),
    seq,
    author,
    authorName: authorName.trim().slice(0, 80) || (author === 'agent' ? 'Support' : 'Customer'),
    body: checked.body,
    at: new Date(now).toISOString(),
  };
  const status: ConversationStatus = 'open';
  return { ok: true, state: { meta: { ...state.meta, status }, messages: [...state.messages, message] }, message };
}

export function withStatus(state: ConversationState, status: ConversationStatus): ConversationState {
  return { ...state, meta: { ...state.meta, status } };
}

/** The shopper's and the agent's view: no email or customer id. */
export function toConversation(state: ConversationState): Conversation {
  const { id, status, subject, orderId, createdAt } = state.meta;
  return { id, status, subject, orderId, createdAt, messages: state.messages };
}

/** The name a shopper's messages are shown under. */
export function shopperName(state: ConversationState): string {
  return state.meta.name ?? 'Customer';
}
