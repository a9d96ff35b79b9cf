import type { Database } from '../../../db/client';
import { processedEvents } from '../../../db/schema/outbox';

/** An open drizzle transaction (the same type as `Tx` in origin/context.ts). */
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

export type RunOnceResult<T> = { applied: true; value: T } | { applied: false };

/**
 * Applies `fn` at most once per (consumer, event): the `processed_events` row is inserted first,
 * in the same transaction as the effect. A redelivery finds the row and is skipped; a concurrent
 * duplicate blocks on the primary key until the first commits (then skips) or rolls back (then
 * applies). If `fn` throws, nothing is recorded and the event can be retried.
 */
export async function runOnce<T>(
  db: Database,
  consumer: string,
  eventId: string,
  fn: (tx: Transaction) => Promise<T>,
): Promise<RunOnceResult<T>> {
  return db.transaction(async (tx) => {
    const claimed = await tx
      .insert(processedEvents)
      .values({ consumer, eventId })
      .onConflictDoNothing()
      .returning({ eventId: processedEvents.eventId });
    if (claimed.length === 0) return { applied: false } as const;
    return { applied: true, value: await fn(tx) } as const;
  });
}
