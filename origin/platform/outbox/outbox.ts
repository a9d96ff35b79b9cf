import type { Database } from '../../../db/client';
import { outboxEvents } from '../../../db/schema';
import { newId } from '../ids';

/** Any drizzle handle that can write: the database or an open transaction. */
export type Writer = Pick<Database, 'insert' | 'update' | 'select' | 'execute'>;

export interface OutboxMessage {
  topic: string;
  aggregateId: string;
  payload?: Record<string, unknown>;
}

export interface OutboxEvent extends Required<OutboxMessage> {
  id: string;
  attempts: number;
  createdAt: Date;
}

/**
 * Records events in the caller's transaction: they become visible to the relay only if the
 * change that caused them commits, and they are never lost once it has.
 */
export async function enqueue(tx: Writer, ...messages: OutboxMessage[]): Promise<string[]> {
  if (messages.length === 0) return [];
  const rows = messages.map((m) => ({
    id: newId('evt'),
    topic: m.topic,
    aggregateId: m.aggregateId,
    payload: m.payload ?? {},
  }));
  await tx.insert(outboxEvents).values(rows);
  return rows.map((r) => r.id);
}
