/**
 * Housekeeping: the tables that only exist to make something safe for a while (deduplication,
 * one-time tokens, sessions, delivered outbox rows) would otherwise grow with every order and
 * every login forever. Each rule keeps rows well past the longest time they can matter:
 *
 * - delivered outbox rows: 7 days (kept for inspection; a delivered row is never sent again);
 *   `pending` and `dead` rows are never touched (dead letters wait for an operator);
 * - processed events (consumer deduplication): 30 days, far past any redelivery (the relay's
 *   retries and QStash's end within hours);
 * - webhook receipts: 30 days, far past providers' redelivery (Stripe: 3 days) and the
 *   signature tolerance (at most an hour), after which a replayed request is refused anyway;
 * - customer tokens (password reset, email verification): a day after they expired;
 * - staff sessions: once expired (an expired session is refused already).
 *
 * Rows go in batches, each its own statement, so a large backlog never holds locks for long;
 * `FOR UPDATE SKIP LOCKED` lets several origin instances run it at once without waiting on
 * each other. Orders, payments, idempotency keys and history are records, never pruned.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { customerTokens, outboxEvents, processedEvents, staffSessions, webhookReceipts } from '../../db/schema';
import type { Logger } from './logger';
import { rowsOf } from './outbox/claim';

const DAY_MS = 24 * 3600 * 1000;

export const RETENTION_MS = {
  deliveredOutbox: 7 * DAY_MS,
  processedEvents: 30 * DAY_MS,
  webhookReceipts: 30 * DAY_MS,
  expiredCustomerTokens: DAY_MS,
  expiredStaffSessions: 0,
} as const;

export interface PruneCounts {
  outboxEvents: number;
  processedEvents: number;
  webhookReceipts: number;
  customerTokens: number;
  staffSessions: number;
}

const DEFAULT_BATCH = 1_000;

/** Deletes one statement's worth at a time until a batch comes back short; returns the total. */
async function inBatches(deleteBatch: () => Promise<unknown>, batchSize: number): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = rowsOf<unknown>(await deleteBatch()).length;
    total += deleted;
    if (deleted < batchSize) return total;
  }
}

/** Deletes every row past its retention (see above) as of `now`. */
export async function pruneExpiredRows(
  db: Database,
  now = new Date(),
  batchSize = DEFAULT_BATCH,
): Promise<PruneCounts> {
  const before = (ms: number) => new Date(now.getTime() - ms).toISOString();
  const outbox = before(RETENTION_MS.deliveredOutbox);
  const processed = before(RETENTION_MS.processedEvents);
  const receipts = before(RETENTION_MS.webhookReceipts);
  const tokens = before(RETENTION_MS.expiredCustomerTokens);
  const sessions = before(RETENTION_MS.expiredStaffSessions);
  return {
    outboxEvents: await inBatches(
      () =>
        db.execute(sql`
          delete from ${outboxEvents} where id in (
            select id from ${outboxEvents}
            where status = 'delivered' and delivered_at < ${outbox}::timestamptz
            limit ${batchSize} for update skip locked)
          returning 1`),
      batchSize,
    ),
    processedEvents: await inBatches(
      () =>
        db.execute(sql`
          delete from ${processedEvents} where (consumer, event_id) in (
            select consumer, event_id from ${processedEvents}
            where processed_at < ${processed}::timestamptz
            limit ${batchSize} for update skip locked)
          returning 1`),
      batchSize,
    ),
    webhookReceipts: await inBatches(
      () =>
        db.execute(sql`
          delete from ${webhookReceipts} where (source, event_id) in (
            select source, event_id from ${webhookReceipts}
            where received_at < ${receipts}::timestamptz
            limit ${batchSize} for update skip locked)
          returning 1`),
      batchSize,
    ),
    customerTokens: await inBatches(
      () =>
        db.execute(sql`
          delete from ${customerTokens} where token_hash in (
            select token_hash from ${customerTokens}
            where expires_at < ${tokens}::timestamptz
            limit ${batchSize} for update skip locked)
          returning 1`),
      batchSize,
    ),
    staffSessions: await inBatches(
      () =>
        db.execute(sql`
          delete from ${staffSessions} where token_hash in (
            select token_hash from ${staffSessions}
            where expires_at < ${sessions}::timestamptz
            limit ${batchSize} for update skip locked)
          returning 1`),
      batchSize,
    ),
  };
}

export interface Housekeeping {
  /** Runs one pass now (also what the timer does); never throws, logs failures. */
  runOnce(): Promise<PruneCounts | null>;
  /** Stops the timer and waits for a pass under way. */
  stop(): Promise<void>;
}

/**
 * Prunes every `intervalMs` (the first pass a minute after start, out of the way of start-up
 * work), in the origin process: each instance runs it, which SKIP LOCKED makes harmless.
 */
export function startHousekeeping(options: { db: Database; log: Logger; intervalMs: number }): Housekeeping {
  const { db, log, intervalMs } = options;
  let running: Promise<PruneCounts | null> | null = null;
  const runOnce = () => {
    running ??= pruneExpiredRows(db)
      .then((counts) => {
        if (Object.values(counts).some((n) => n > 0)) log.info('housekeeping: pruned expired rows', { ...counts });
        return counts;
      })
      .catch((err: unknown) => {
        log.warn('housekeeping failed; retrying at the next interval', {
          error: err instanceof Error ? err.message : String(err),
        });
        return null;
      })
      .finally(() => {
        running = null;
      });
    return running;
  };
  const first = setTimeout(() => void runOnce(), Math.min(60_000, intervalMs));
  const every = setInterval(() => void runOnce(), intervalMs);
  // Neither keeps the process (or a test run) alive.
  (first as { unref?: () => void }).unref?.();
  (every as { unref?: () => void }).unref?.();
  return {
    runOnce,
    async stop() {
      clearTimeout(first);
      clearInterval(every);
      await running;
    },
  };
}
