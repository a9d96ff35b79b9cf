import type { AppContext } from '../lib/context';
import { ApiError } from '../lib/errors';
import type { ConversationObject } from './conversation-object';

const CONVERSATION_ID = /^conv_([0-9a-f]{64})$/;

/** The public id of a conversation's Durable Object: `conv_` + its hex id. */
export function conversationIdOf(id: DurableObjectId): string {
  return `conv_${id.toString()}`;
}

/**
 * The conversation's stub; a malformed id, or one this namespace did not mint, is a 404
 * `conversation_not_found` (so probes never create objects).
 */
export function conversationStub(c: AppContext, conversationId: string): DurableObjectStub<ConversationObject> {
  const hex = CONVERSATION_ID.exec(conversationId)?.[1];
  let id: DurableObjectId | null = null;
  try {
    id = hex ? c.env.CONVERSATION.idFromString(hex) : null;
  } catch {
    id = null;
  }
  if (!id) throw new ApiError('conversation_not_found', 'No such conversation');
  return c.env.CONVERSATION.get(id);
}
