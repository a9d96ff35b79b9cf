/**
 * Applies a conversation object's sync batch to the inbox copy: the conversation's details as
 * the object has them now, and its messages, each inserted once (by id), so a batch sent twice
 * (a retry after a lost answer) changes nothing the second time.
 */
import { eq, sql } from 'drizzle-orm';
import type { ConversationMessage, SyncPayload } from '../../contract/support';
import { conversationMessages, conversations } from '../../db/schema/support';
import type { Writer } from '../platform/outbox/outbox';

export async function applySync(tx: Writer, payload: SyncPayload): Promise<{ stored: number }> {
  const meta = payload.conversation;
  const values = {
    status: meta.status,
    subject: meta.subject,
    orderId: meta.orderId,
    customerId: meta.customerId,
    name: meta.name,
    email: meta.email,
    updatedAt: new Date(),
  };
  await tx
    .insert(conversations)
    .values({ id: meta.id, createdAt: new Date(meta.createdAt), ...values })
    .onConflictDoUpdate({ target: conversations.id, set: values });
  const stored = await storeMessages(tx, meta.id, payload.messages);
  return { stored };
}

/** Inserts the messages the inbox does not have yet and moves its "last message" forward. */
export async function storeMessages(tx: Writer, conversationId: string, messages: ConversationMessage[]) {
  if (messages.length === 0) return 0;
  const inserted = await tx
    .insert(conversationMessages)
    .values(
      messages.map((m) => ({
        id: m.id,
        conversationId,
        seq: m.seq,
        author: m.author,
        authorName: m.authorName,
        body: m.body,
        at: new Date(m.at),
      })),
    )
    .onConflictDoNothing()
    .returning({ id: conversationMessages.id });
  const last = messages.reduce((a, b) => (b.seq > a.seq ? b : a));
  await tx
    .update(conversations)
    .set({
      lastSeq: last.seq,
      lastAuthor: last.author,
      lastMessageAt: new Date(last.at),
      updatedAt: new Date(),
    })
    .where(sql`${conversations.id} = ${conversationId} and ${conversations.lastSeq} < ${last.seq}`);
  return inserted.length;
}

export async function conversationExists(tx: Writer, id: string): Promise<boolean> {
  return (await tx.select({ id: conversations.id }).from(conversations).where(eq(conversations.id, id))).length > 0;
}
