import { DurableObject } from 'cloudflare:workers';
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
 * One token bucket per object, named `<class>:<subject>` (e.g. `auth:ip:203.0.113.9`), so every
 * isolate in every location agrees on one count. The rule travels with each call: the limiter
 * stays generic and a changed [vars] limit applies on the next request. The bucket is kept in
 * SQLite so an evicted or restarted object does not hand a client a fresh burst, and forgotten
 * by an alarm once it has refilled, so idle clients leave nothing behind.
 */
export class RateLimiter extends DurableObject<Env> {
  #bucket: Bucket | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    void ctx.blockConcurrencyWhile(async () => {
      this.#migrate();
      const row = ctx.storage.sql
        .exec<{ tokens: number; updated_at: number }>('SELECT tokens, updated_at FROM bucket')
        .toArray()[0];
      this.#bucket = row ? { tokens: row.tokens, updatedAt: row.updated_at } : null;
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
      const { tokens, updatedAt } = outcome.bucket;
      // The alarm's deleteAll() drops the table too.
      this.#migrate();
      this.ctx.storage.sql.exec(
        'INSERT INTO bucket (id, tokens, updated_at) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET tokens = excluded.tokens, updated_at = excluded.updated_at',
        tokens,
        updatedAt,
      );
      await this.ctx.storage.setAlarm(fullAt(outcome.bucket, rule));
    }
    return {
      allowed: outcome.granted > 0,
      granted: outcome.granted,
      remaining: outcome.remaining,
      retryAfterMs: outcome.retryAfterMs,
    };
  }

  #migrate(): void {
    this.ctx.storage.sql.exec(
      'CREATE TABLE IF NOT EXISTS bucket (id INTEGER PRIMARY KEY CHECK (id = 1), tokens REAL NOT NULL, updated_at INTEGER NOT NULL)',
    );
  }

  /** The bucket has refilled since its last take: it is indistinguishable from a new one. */
  override async alarm(): Promise<void> {
    this.#bucket = null;
    await this.ctx.storage.deleteAll();
  }
}
