/**
 * The agent inbox: conversations by recent activity, one conversation with its messages,
 * assignment, and an agent's replies and status changes (sent to the conversation's object at
 * the edge first, then kept here).
 */
import { and, asc, desc, eq, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import type { ConversationMessage, ConversationStatus } from '../../contract/support';
import type { Database } from '../../db/client';
import { conversationMessages, conversations } from '../../db/schema/support';
import { membersService } from '../members';
import type { OriginContext } from '../platform/context';
import { err, ok, type Result } from '../platform/result';
import { serviceClient } from '../platform/rpc';
import { type EdgeTarget, sendAgentMessage, setConversationStatus } from './edge-client';
import { storeMessages } from './sync';

type ConversationRow = typeof conversations.$inferSelect;

export function toInboxItem(row: ConversationRow) {
  return {
    id: row.id,
    status: row.status,
    subject: row.subject,
    orderId: row.orderId,
    customerId: row.customerId,
    name: row.name,
    email: row.email,
    assignedTo: row.assignedTo,
    /** The customer wrote last: somebody should answer. */
    awaitingReply: row.lastAuthor === 'shopper',
    messageCount: row.lastSeq,
    lastMessageAt: row.lastMessageAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

export type InboxItem = ReturnType<typeof toInboxItem>;

export interface InboxFilter {
  status?: ConversationStatus;
  /** A staff id, or `none` for unassigned ones. */
  assignedTo?: string;
  awaitingReply?: boolean;
  /** The last item of the previous page. */
  after?: { at: Date; id: string };
  limit: number;
}

/** The activity time the inbox sorts by: the last message, or the opening for an empty one. */
const activity = sql<Date>`coalesce(${conversations.lastMessageAt}, ${conversations.createdAt})`;

export async function listInbox(db: Database, f: InboxFilter) {
  const conditions: (SQL | undefined)[] = [];
  if (f.status) conditions.push(eq(conversations.status, f.status));
  if (f.assignedTo === 'none') conditions.push(isNull(conversations.assignedTo));
  else if (f.assignedTo) conditions.push(eq(conversations.assignedTo, f.assignedTo));
  if (f.awaitingReply !== undefined) {
    conditions.push(
      f.awaitingReply
        ? eq(conversations.lastAuthor, 'shopper')
        : or(isNull(conversations.lastAuthor), sql`${conversations.lastAuthor} <> 'shopper'`),
    );
  }
  if (f.after) {
    conditions.push(or(lt(activity, f.after.at), and(eq(activity, f.after.at), lt(conversations.id, f.after.id))));
  }
  const rows = await db
    .select({ row: conversations, activity })
    .from(conversations)
    .where(and(...conditions))
    .orderBy(desc(activity), desc(conversations.id))
    .limit(f.limit + 1);
  const page = rows.slice(0, f.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => toInboxItem(r.row)),
    last: rows.length > f.limit && last ? { at: new Date(last.activity), id: last.row.id } : null,
  };
}

export async function inboxConversation(db: Database, id: string) {
  const [row] = await db.select().from(conversations).where(eq(conversations.id, id));
  if (!row) return null;
  const messages = await db
    .select()
    .from(conversationMessages)
    .where(eq(conversationMessages.conversationId, id))
    .orderBy(asc(conversationMessages.seq));
  return {
    ...toInboxItem(row),
    messages: messages.map(
      (m): ConversationMessage => ({
        id: m.id,
        seq: m.seq,
        author: m.author as ConversationMessage['author'],
        authorName: m.authorName,
        body: m.body,
        at: m.at.toISOString(),
      }),
    ),
  };
}

/** Assigns the conversation to a staff member (null: back to the shared queue). */
export async function assignConversation(
  ctx: OriginContext,
  id: string,
  staffId: string | null,
): Promise<Result<InboxItem, 'conversation_not_found' | 'staff_not_found'>> {
  if (staffId && !(await serviceClient(ctx, membersService).staffExists({ staffId })))
    return err('staff_not_found', `No staff member ${staffId}`);
  const [row] = await ctx.db
    .update(conversations)
    .set({ assignedTo: staffId, updatedAt: new Date() })
    .where(eq(conversations.id, id))
    .returning();
  return row ? ok(toInboxItem(row)) : err('conversation_not_found', `No conversation ${id}`);
}

function edgeOf(ctx: OriginContext): EdgeTarget {
  return { url: ctx.config.edgeUrl, internalSecret: ctx.config.internalSecret, fetch: ctx.edgeFetch };
}

type EdgeError = { code: string; message: string };

/** An agent's answer: delivered to the conversation's object (and every open socket), then kept here. */
export async function replyAsAgent(ctx: OriginContext, id: string, authorName: string, body: string) {
  if (!(await conversationKnown(ctx.db, id))) return err('conversation_not_found', `No conversation ${id}`);
  const sent = await sendAgentMessage(edgeOf(ctx), id, authorName, body);
  if (!sent.ok) return edgeFailure(sent);
  await ctx.db.transaction((tx) => storeMessages(tx, id, [sent.value]));
  return ok(sent.value);
}

/** Closes or reopens the conversation at the edge, then here. */
export async function changeStatus(ctx: OriginContext, id: string, status: ConversationStatus) {
  if (!(await conversationKnown(ctx.db, id))) return err('conversation_not_found', `No conversation ${id}`);
  const changed = await setConversationStatus(edgeOf(ctx), id, status);
  if (!changed.ok) return edgeFailure(changed);
  const [row] = await ctx.db
    .update(conversations)
    .set({ status, updatedAt: new Date() })
    .where(eq(conversations.id, id))
    .returning();
  return ok(toInboxItem(row as ConversationRow));
}

export async function conversationKnown(db: Database, id: string): Promise<boolean> {
  return (await db.select({ id: conversations.id }).from(conversations).where(eq(conversations.id, id))).length > 0;
}

/** The edge's refusal as the agent's (its codes map to the same statuses), or 502 edge_unavailable. */
function edgeFailure(e: EdgeError) {
  return err(e.code, e.message);
}
