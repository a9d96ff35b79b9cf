/**
 * Housekeeping: the tables that only exist to make something safe for a while (deduplication,
 * one-time tokens, sessions, delivered outbox rows) would otherwise grow with every order and
 * every login forever. Each rule keeps rows well past the longest time they can matter:
 *
 * - delivered outbox rows: 30 days. `delivered` means handed to the queue: QStash may still
 *   retry the push for days (up to 20 retries, at most a day apart: about 16 days) and its
 *   failure callback needs the row to turn it into a dead letter. `pending` and `dead` rows are
 *   never touched (dead letters wait for an operator);
 * - processed events (consumer deduplication): 30 days past the last possible redelivery,
 *   and never while the event itself is still `pending` or `dead` in the outbox: a dead letter
 *   replayed months later must still find which consumers already applied it;
 * - webhook receipts: 30 days, far past providers' redelivery (Stripe: 3 days) and the
 *   signature tolerance (at most an hour), after which a replayed request is refused anyway;
 *
 * Those are the platform's own tables. Contexts add rules for theirs (customers: one-time
 * tokens a day after they expired; members: staff sessions once expired), and the origin's
 * wiring runs them all (origin/prune-rules.ts).
 *
 * Rows go in batches, each its own statement, so a large backlog never holds locks for long;
 * `FOR UPDATE SKIP LOCKED` lets several origin instances run it at once without waiting on
 * each other. Orders, payments, idempotency keys and history are records, never pruned.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Database } from '../../db/client';
import { outboxEvents, processedEvents } from '../../db/schema/outbox';
import { webhookReceipts } from '../../db/schema/webhooks';
import type { Logger } from './logger';
import { rowsOf } from './outbox/claim';

/** One table's rule: its key columns and which rows are past their retention at `cutoff`. */
export interface PruneRule {
  /** The name its count is reported under. */
  name: string;
  table: PgTable;
  key: SQL;
  expired: (cutoff: string) => SQL;
  retentionMs: number;
}

export const DAY_MS = 24 * 3600 * 1000;

/** The platform's own tables (see above). */
export const PLATFORM_PRUNE_RULES: readonly PruneRule[] = [
  {
    name: 'outboxEvents',
    table: outboxEvents,
    key: sql`id`,
    expired: (cutoff) => sql`status = 'delivered' and delivered_at < ${cutoff}::timestamptz`,
    retentionMs: 30 * DAY_MS,
  },
  {
    name: 'processedEvents',
    table: processedEvents,
    key: sql`consumer, event_id`,
    expired: (cutoff) => sql`processed_at < ${cutoff}::timestamptz and not exists (
      select 1 from ${outboxEvents} o where o.id = event_id and o.status in ('pending', 'dead'))`,
    retentionMs: 30 * DAY_MS,
  },
  {
    name: 'webhookReceipts',
    table: webhookReceipts,
    key: sql`source, event_id`,
    expired: (cutoff) => sql`received_at < ${cutoff}::timestamptz`,
    retentionMs: 30 * DAY_MS,
  },
];

export type PruneCounts = Record<string, number>;

/** How long each rule keeps a row past the moment it stopped mattering, by name. */
export const retentionOf = (rules: readonly PruneRule[]): Record<string, number> =>
  Object.fromEntries(rules.map((rule) => [rule.name, rule.retentionMs]));

const DEFAULT_BATCH = 1_000;

/** Deletes `rule`'s expired rows one batch (one statement) at a time; returns how many went. */
async function prune(db: Database, rule: PruneRule, cutoff: string, batchSize: number): Promise<number> {
  let total = 0;
  for (;;) {
    const result = await db.execute(sql`
      delete from ${rule.table} where (${rule.key}) in (
        select ${rule.key} from ${rule.table}
        where ${rule.expired(cutoff)}
        limit ${batchSize} for update skip locked)
      returning 1`);
    const deleted = rowsOf<unknown>(result).length;
    total += deleted;
    if (deleted < batchSize) return total;
  }
}

/** Deletes every row past its retention under `rules` as of `now`; counts by rule name. */
export async function pruneExpiredRows(
  db: Database,
  rules: readonly PruneRule[],
  now = new Date(),
  batchSize = DEFAULT_BATCH,
): Promise<PruneCounts> {
  const counts: PruneCounts = {};
  for (const rule of rules) {
    counts[rule.name] = await prune(db, rule, new Date(now.getTime() - rule.retentionMs).toISOString(), batchSize);
  }
  return counts;
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
export function startHousekeeping(options: {
  db: Database;
  log: Logger;
  intervalMs: number;
  rules: readonly PruneRule[];
}): Housekeeping {
  const { db, log, intervalMs, rules } = options;
  let running: Promise<PruneCounts | null> | null = null;
  const runOnce = () => {
    running ??= pruneExpiredRows(db, rules)
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
