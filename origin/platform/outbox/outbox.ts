import type { SQL } from 'drizzle-orm';
import { sql } from 'drizzle-orm';
import { newId } from '../../../contract/ids';
import type { Database } from '../../../db/client';
import { outboxEvents } from '../../../db/schema/outbox';

/** Any drizzle handle that can write: the database or an open transaction. */
export type Writer = Pick<Database, 'insert' | 'update' | 'select' | 'execute'>;

export interface OutboxMessage {
  topic: string;
  aggregateId: string;
  payload?: Record<string, unknown>;
  /**
   * Scheduled work (e.g. a reservation that expires): deliver no earlier than this many
   * milliseconds after the writing transaction started (database clock).
   */
  delayMs?: number;
  /** Scheduled work: deliver no earlier than this moment. Takes precedence over `delayMs`. */
  availableAt?: Date;
}

export interface OutboxEvent {
  id: string;
  topic: string;
  aggregateId: string;
  payload: Record<string, unknown>;
  /** Failed deliveries so far (for a QStash push: the retries QStash has made). */
  attempts: number;
  createdAt: Date;
}

function availableAt(m: OutboxMessage) {
  if (m.availableAt) return m.availableAt;
  if (m.delayMs && m.delayMs > 0) return sql`now() + make_interval(secs => ${m.delayMs / 1000})`;
  return undefined;
}

/**
 * Records events in the caller's transaction: they become visible to the relay only if the
 * change that caused them commits, and they are never lost once it has. A message with
 * `delayMs`/`availableAt` waits in the outbox until it is due.
 */
export async function enqueue(tx: Writer, ...messages: OutboxMessage[]): Promise<string[]> {
  if (messages.length === 0) return [];
  const rows = outboxRows(messages);
  await tx.insert(outboxEvents).values(rows);
  return rows.map((r) => r.id);
}

/** `enqueue`'s insert as a statement, for a workflow that writes in one statement (sql-batch.ts). */
export function enqueueStatement(tx: Writer, messages: OutboxMessage[]): SQL {
  return tx.insert(outboxEvents).values(outboxRows(messages)).getSQL();
}

/** The rows `enqueue` inserts. */
export function outboxRows(messages: OutboxMessage[]) {
  return messages.map((m) => ({
    id: newId('evt'),
    topic: m.topic,
    aggregateId: m.aggregateId,
    payload: m.payload ?? {},
    availableAt: availableAt(m),
  }));
}
