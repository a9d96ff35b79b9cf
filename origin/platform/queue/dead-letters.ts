/** The merchant's view of the outbox dead letters: list them, and send one back for delivery. */
import { and, desc, eq, lt, sql } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { outboxEvents } from '../../../db/schema/outbox';
import { errorMessage } from '../outbox/claim';
import type { Writer } from '../outbox/outbox';
import { err, ok, type Result } from '../result';

export interface DeadLetter {
  id: string;
  topic: string;
  aggregateId: string;
  payload: Record<string, unknown>;
  attempts: number;
  lastError: string | null;
  createdAt: string;
}

export interface DeadLetterFilter {
  topic?: string;
  cursor?: string;
  limit: number;
}

const EVENT_ID = /^evt_[0-9A-Za-z]{1,60}$/;

/** An opaque cursor for "dead letters older than this event". */
export function encodeEventCursor(id: string): string {
  return btoa(id).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/** The event id inside a cursor, or null when the cursor is malformed. */
export function decodeEventCursor(cursor: string): string | null {
  if (!/^[A-Za-z0-9_-]{1,120}$/.test(cursor)) return null;
  try {
    const id = atob(cursor.replaceAll('-', '+').replaceAll('_', '/'));
    return EVENT_ID.test(id) ? id : null;
  } catch {
    return null;
  }
}

const columns = {
  id: outboxEvents.id,
  topic: outboxEvents.topic,
  aggregateId: outboxEvents.aggregateId,
  payload: outboxEvents.payload,
  attempts: outboxEvents.attempts,
  lastError: outboxEvents.lastError,
  createdAt: outboxEvents.createdAt,
};

/** Dead letters, newest first, optionally of one topic, with cursor pagination. */
export async function listDeadLetters(
  db: Database,
  filter: DeadLetterFilter,
): Promise<Result<{ items: DeadLetter[]; nextCursor: string | null }, 'invalid_cursor'>> {
  const conditions = [eq(outboxEvents.status, 'dead')];
  if (filter.topic) conditions.push(eq(outboxEvents.topic, filter.topic));
  if (filter.cursor) {
    const before = decodeEventCursor(filter.cursor);
    if (!before) return err('invalid_cursor', 'The cursor is malformed');
    conditions.push(lt(outboxEvents.id, before));
  }
  const rows = await db
    .select(columns)
    .from(outboxEvents)
    .where(and(...conditions))
    .orderBy(desc(outboxEvents.id))
    .limit(filter.limit + 1);
  const items = rows.slice(0, filter.limit).map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
  const last = items.at(-1);
  return ok({ items, nextCursor: rows.length > filter.limit && last ? encodeEventCursor(last.id) : null });
}

/**
 * Sends a dead letter back to the relay: pending, attempts reset, due now. The last error is
 * kept until a delivery succeeds. Replaying twice changes nothing more: the second call finds
 * no dead letter and answers `dead_letter_not_found`, like an unknown id.
 */
export async function replayDeadLetter(
  tx: Writer,
  id: string,
): Promise<Result<DeadLetter & { status: 'pending' }, 'dead_letter_not_found'>> {
  const [row] = await tx
    .update(outboxEvents)
    .set({ status: 'pending', attempts: 0, availableAt: sql`now()` })
    .where(and(eq(outboxEvents.id, id), eq(outboxEvents.status, 'dead')))
    .returning(columns);
  if (!row) return err('dead_letter_not_found', `No dead letter ${id}`);
  return ok({ ...row, createdAt: row.createdAt.toISOString(), status: 'pending' as const });
}

/**
 * Records that QStash gave up on an event it had accepted (its failure callback): the row
 * becomes a dead letter like one the relay gave up on, so the merchant lists and replays both
 * alike. Only a row handed to QStash (`delivered`) changes: a repeated callback, or one for an
 * event that was replayed and is pending again, changes nothing. Returns whether it changed.
 */
export async function deadLetterHandedOver(
  tx: Writer,
  id: string,
  failure: { deliveries: number; error: string },
): Promise<boolean> {
  const rows = await tx
    .update(outboxEvents)
    .set({ status: 'dead', attempts: failure.deliveries, lastError: errorMessage(failure.error) })
    .where(and(eq(outboxEvents.id, id), eq(outboxEvents.status, 'delivered')))
    .returning({ id: outboxEvents.id });
  return rows.length > 0;
}
