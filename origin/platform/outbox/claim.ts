/**
 * The outbox row transitions the relay makes: claim due rows under a lease, mark them
 * delivered, or record a failure (retry later with backoff, or dead-letter).
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { outboxEvents } from '../../../db/schema/outbox';
import { backoffMs } from './backoff';
import type { OutboxEvent, Writer } from './outbox';

interface EventRow {
  id: string;
  topic: string;
  aggregate_id: string;
  payload: Record<string, unknown>;
  attempts: number;
  created_at: string | Date;
}

/** Maps a raw `outbox_events` row (snake_case, as `execute` returns it) to an event. */
export function toEvent(r: EventRow): OutboxEvent {
  return {
    id: r.id,
    topic: r.topic,
    aggregateId: r.aggregate_id,
    payload: r.payload,
    attempts: r.attempts,
    createdAt: new Date(r.created_at),
  };
}

/** Raw rows of an `execute` result, for every driver (all three return `{ rows }`). */
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

/**
 * Claims up to `limit` due rows: `FOR UPDATE SKIP LOCKED` keeps concurrent relays apart, and
 * pushing `available_at` past the lease hides the rows until then, so a crashed relay's
 * claims come back on their own. Returns them in id (= write) order.
 */
export async function claimDue(db: Database, limit: number, leaseMs: number): Promise<OutboxEvent[]> {
  const result = await db.execute(sql`
    update ${outboxEvents} set available_at = now() + make_interval(secs => ${leaseMs / 1000})
    where id in (
      select id from ${outboxEvents}
      where status = 'pending' and available_at <= now()
      order by available_at, id
      limit ${limit}
      for update skip locked
    )
    returning id, topic, aggregate_id, payload, attempts, created_at`);
  return rowsOf<EventRow>(result)
    .map(toEvent)
    .sort((a, b) => (a.id < b.id ? -1 : 1));
}

/**
 * Makes claimed rows due again now (a stopping relay hands back what it has not settled).
 * Rows settled meanwhile (delivered, dead) are left alone. Returns how many were released.
 */
export async function releaseLeases(db: Database, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const released = await db
    .update(outboxEvents)
    .set({ availableAt: sql`now()` })
    .where(and(inArray(outboxEvents.id, ids), eq(outboxEvents.status, 'pending')))
    .returning({ id: outboxEvents.id });
  return released.length;
}

/** Marks rows delivered (clearing the last error of earlier attempts). */
export async function markDelivered(db: Writer, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .update(outboxEvents)
    .set({ status: 'delivered', deliveredAt: new Date(), lastError: null })
    .where(inArray(outboxEvents.id, ids));
}

/** An error as stored in `last_error` (message only, bounded). */
export function errorMessage(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 2000);
}

/**
 * Counts a failed attempt: the row becomes due again after an exponential backoff, or `dead`
 * once `maxAttempts` is reached. `keepSchedule` leaves `available_at` alone (a scheduled row
 * whose early publish failed must still wait for its time). Returns true when dead-lettered.
 */
export async function recordFailure(
  db: Writer,
  event: OutboxEvent,
  error: unknown,
  maxAttempts: number,
  keepSchedule = false,
): Promise<boolean> {
  const attempts = event.attempts + 1;
  const dead = attempts >= maxAttempts;
  await db
    .update(outboxEvents)
    .set({
      attempts,
      lastError: errorMessage(error),
      status: dead ? 'dead' : 'pending',
      ...(keepSchedule ? {} : { availableAt: new Date(Date.now() + backoffMs(attempts)) }),
    })
    .where(and(eq(outboxEvents.id, event.id), eq(outboxEvents.status, 'pending')));
  return dead;
}
