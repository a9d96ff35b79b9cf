import { DurableObject } from 'cloudflare:workers';
import { type AddedColumn, openTable } from '../lib/sqlite-schema';
import { type Bucket, type BucketRule, fullAt, take } from './token-bucket';

export interface TakeResult {
  allowed: boolean;
  /** Tokens handed out (a lease may get fewer than it asked for). */
  granted: number;
  remaining: number;
  /** 0 when allowed. */
  retryAfterMs: number;
}

/**
 * The least time between two alarms of one bucket. A busy bucket is full again within moments
 * of each take, so arming its alarm at that moment meant a storage write per lease and, once
 * it fired, dropping and recreating the table for the next one; now a bucket's alarm is armed
 * once and, firing early, re-arms for when the bucket will really be full.
 */
export const MIN_ALARM_GAP_MS = 10_000;

/** Columns added after the bucket table's first release (see openTable). */
const ADDED_BUCKET_COLUMNS: readonly AddedColumn[] = [['full_at', 'INTEGER']];

/**
 * One token bucket per object, named `<class>:<subject>` (e.g. `auth:ip:203.0.113.9`), so every
 * isolate in every location agrees on one count. The rule travels with each call: the limiter
 * stays generic and a changed [vars] limit applies on the next request. The bucket is kept in
 * SQLite so an evicted or restarted object does not hand a client a fresh burst, and forgotten
 * by an alarm once it has refilled, so idle clients leave nothing behind.
 */
export class RateLimiter extends DurableObject<Env> {
  #bucket: Bucket | null = null;
  /** When the bucket, untouched, is full again (0: unknown, as for a row stored before the column). */
  #fullAt = 0;
  /** The armed alarm, if any. */
  #alarmAt: number | null = null;
  /** Whether the table exists (a new object, or one its alarm emptied, has none). */
  #table = false;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    void ctx.blockConcurrencyWhile(async () => {
      const { sql } = ctx.storage;
      this.#table = openTable(sql, 'bucket', ADDED_BUCKET_COLUMNS);
      if (!this.#table) return;
      const row = sql
        .exec<{ tokens: number; updated_at: number; full_at: number | null }>(
          'SELECT tokens, updated_at, full_at FROM bucket',
        )
        .toArray()[0];
      this.#bucket = row ? { tokens: row.tokens, updatedAt: row.updated_at } : null;
      this.#fullAt = row?.full_at ?? 0;
      this.#alarmAt = await ctx.storage.getAlarm();
    });
  }

  /**
   * Takes `cost` tokens, all or nothing; with `partial` (an isolate leasing a batch), as many
   * as the bucket holds, at least one.
   */
  async take(rule: BucketRule, cost: number, partial = false): Promise<TakeResult> {
    const outcome = take(this.#bucket, rule, cost, Date.now(), partial);
    if (outcome.granted > 0) {
      this.#bucket = outcome.bucket;
      this.#fullAt = fullAt(outcome.bucket, rule);
      const { sql } = this.ctx.storage;
      if (!this.#table) {
        sql.exec(
          'CREATE TABLE IF NOT EXISTS bucket (id INTEGER PRIMARY KEY CHECK (id = 1), tokens REAL NOT NULL, updated_at INTEGER NOT NULL, full_at INTEGER)',
        );
        this.#table = true;
      }
      sql.exec(
        'INSERT INTO bucket (id, tokens, updated_at, full_at) VALUES (1, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET tokens = excluded.tokens, updated_at = excluded.updated_at, full_at = excluded.full_at',
        outcome.bucket.tokens,
        outcome.bucket.updatedAt,
        this.#fullAt,
      );
      if (this.#alarmAt === null) await this.#arm(Date.now());
    }
    return {
      allowed: outcome.granted > 0,
      granted: outcome.granted,
      remaining: outcome.remaining,
      retryAfterMs: outcome.retryAfterMs,
    };
  }

  async #arm(now: number): Promise<void> {
    const at = Math.max(this.#fullAt, now + MIN_ALARM_GAP_MS);
    await this.ctx.storage.setAlarm(at);
    this.#alarmAt = at;
  }

  /**
   * Forgets the bucket once it has refilled: it is then indistinguishable from a new one. An
   * alarm armed before later takes fires early and re-arms for the new time.
   */
  override async alarm(): Promise<void> {
    this.#alarmAt = null;
    const now = Date.now();
    if (this.#bucket && this.#fullAt > now) {
      await this.#arm(now);
      return;
    }
    this.#bucket = null;
    this.#fullAt = 0;
    this.#table = false;
    await this.ctx.storage.deleteAll();
  }
}
