import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { CONVERSATION_STATUSES } from '../../contract/support';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const list = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

/**
 * The agent inbox's copy of each customer-service conversation (the conversation itself lives
 * in its Durable Object at the edge, which syncs here). Assignment is the inbox's own.
 */
export const conversations = pgTable(
  'conversations',
  {
    id: text('id').primaryKey(),
    status: text('status', { enum: CONVERSATION_STATUSES }).notNull(),
    subject: text('subject'),
    orderId: text('order_id'),
    customerId: text('customer_id'),
    name: text('name'),
    email: text('email'),
    /** The staff member handling it (null: unassigned). */
    assignedTo: text('assigned_to'),
    /** Highest message seq copied here, and who wrote it: `shopper` means the customer waits. */
    lastSeq: integer('last_seq').notNull().default(0),
    lastAuthor: text('last_author'),
    lastMessageAt: ts('last_message_at'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('conversations_inbox_idx').on(t.status, t.lastMessageAt, t.id),
    index('conversations_assigned_idx').on(t.assignedTo, t.status),
    index('conversations_customer_idx').on(t.customerId),
    check('conversations_status_check', sql`${t.status} in (${list(CONVERSATION_STATUSES)})`),
  ],
);

/** Every message of a conversation, as its Durable Object numbered it. */
export const conversationMessages = pgTable(
  'conversation_messages',
  {
    id: text('id').primaryKey(),
    conversationId: text('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    author: text('author').notNull(),
    authorName: text('author_name').notNull(),
    body: text('body').notNull(),
    at: ts('at').notNull(),
  },
  (t) => [
    uniqueIndex('conversation_messages_seq_idx').on(t.conversationId, t.seq),
    check('conversation_messages_author_check', sql`${t.author} in ('shopper', 'agent', 'system')`),
  ],
);
