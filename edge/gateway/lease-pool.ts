/**
 * Tokens leased from a RateLimiter object and spent inside this isolate, so a generous limit
 * (the API-wide one) costs one Durable Object call per batch instead of one per request. The
 * object never grants more than its bucket holds, so the isolates together can never exceed
 * the limit; a lease only shifts when tokens are spent, by at most one batch per isolate and
 * key (a batch starts small and grows only for a client that spends it quickly, never past a
 * tenth of the limit), and unspent tokens expire `ttlMs` after the latest lease (lost, never
 * spent late). Refusals are remembered until their retry time, so a flood from a throttled
 * client is answered here without reaching the object at all.
 */
export type SpendResult = { kind: 'spent' } | { kind: 'blocked'; retryAfterMs: number } | { kind: 'empty' };

interface Entry {
  tokens: number;
  expiresAt: number;
  blockedUntil: number;
  /** Size asked for by the last lease (0 after a refusal), and when it was granted. */
  batch: number;
  leasedAt: number;
}

/** Leases are per isolate; the first batch stays small next to the limit so each one is a small slice. */
export const MAX_LEASE_BATCH = 20;

/**
 * A busy client's batch grows up to this (and never past a tenth of the limit): a lease that
 * lasted only a few milliseconds would otherwise cost an object call, and a queue of requests
 * waiting for it, every few requests.
 */
export const MAX_GROWN_LEASE_BATCH = 1_000;

/** A lease spent within this time was too small: the next one is twice the size. */
export const QUICK_SPEND_MS = 1_000;

/** First batch size for `limit`: at most MAX_LEASE_BATCH and at most a tenth of the limit. */
export function leaseBatch(limit: number): number {
  return Math.max(1, Math.min(MAX_LEASE_BATCH, Math.floor(limit / 10)));
}

/** The largest batch for `limit`: at most MAX_GROWN_LEASE_BATCH and at most a tenth of the limit. */
export function maxLeaseBatch(limit: number): number {
  return Math.max(leaseBatch(limit), Math.min(MAX_GROWN_LEASE_BATCH, Math.floor(limit / 10)));
}

export class LeasePool {
  readonly #entries = new Map<string, Entry>();

  constructor(readonly maxKeys: number) {}

  /** Spends one local token for `key`, reports a remembered refusal, or says a lease is needed. */
  trySpend(key: string, now: number): SpendResult {
    const entry = this.#entries.get(key);
    if (!entry) return { kind: 'empty' };
    if (entry.blockedUntil > now) return { kind: 'blocked', retryAfterMs: entry.blockedUntil - now };
    if (entry.tokens < 1 || entry.expiresAt <= now) return { kind: 'empty' };
    entry.tokens -= 1;
    return { kind: 'spent' };
  }

  /** How long `key` is still known to be refused; 0 when it is not. */
  blockedFor(key: string, now: number): number {
    const blockedUntil = this.#entries.get(key)?.blockedUntil ?? 0;
    return blockedUntil > now ? blockedUntil - now : 0;
  }

  /**
   * How many tokens the next lease of `key` should ask for: twice the last batch when that one
   * was spent within QUICK_SPEND_MS (a busy client), the same when within four times that,
   * else the first size again, so an idle or slowed-down client goes back to small slices.
   */
  nextBatch(key: string, limit: number, now: number): number {
    const first = leaseBatch(limit);
    const entry = this.#entries.get(key);
    if (!entry || entry.batch === 0 || entry.tokens >= 1) return first;
    const age = now - entry.leasedAt;
    const batch = age < QUICK_SPEND_MS ? entry.batch * 2 : age < 4 * QUICK_SPEND_MS ? entry.batch : first;
    return Math.max(first, Math.min(maxLeaseBatch(limit), batch));
  }

  /**
   * Stores a fresh lease of `granted` tokens (of `batch` asked for), one of which the current
   * request spends. Tokens of a lease still unexpired are kept, not replaced: when a slow lease
   * fetch makes several requests fetch at once, every token the object counted stays usable.
   */
  addLease(key: string, granted: number, now: number, ttlMs: number, batch = granted): void {
    const current = this.#entries.get(key);
    const kept = current && current.expiresAt > now && current.blockedUntil <= now ? current.tokens : 0;
    this.#put(key, {
      tokens: kept + Math.max(0, granted - 1),
      expiresAt: now + ttlMs,
      blockedUntil: 0,
      batch,
      leasedAt: now,
    });
  }

  /** The limiter refused `key`: answer locally until `retryAfterMs` has passed. */
  block(key: string, now: number, retryAfterMs: number): void {
    this.#put(key, { tokens: 0, expiresAt: 0, blockedUntil: now + retryAfterMs, batch: 0, leasedAt: 0 });
  }

  clear(): void {
    this.#entries.clear();
  }

  get size(): number {
    return this.#entries.size;
  }

  // Oldest-first eviction bounds memory against many distinct clients; losing an entry only
  // forgets unspent tokens or a remembered refusal, both of which the object still enforces.
  #put(key: string, entry: Entry): void {
    this.#entries.delete(key);
    while (this.#entries.size >= this.maxKeys) {
      const oldest = this.#entries.keys().next();
      if (oldest.done) break;
      this.#entries.delete(oldest.value);
    }
    this.#entries.set(key, entry);
  }
}
