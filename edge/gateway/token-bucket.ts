/**
 * Token-bucket arithmetic for the rate limiter, pure so it can be tested with any clock. A
 * bucket holds at most `limit` tokens and refills continuously at `limit` per `windowMs`, so
 * "600 per minute" allows a burst of 600 and then 10 a second, with no edge-of-window doubling
 * as a fixed window would have.
 */
import type { BucketRule } from '../lib/bucket-rule';

export type { BucketRule };

export interface Bucket {
  tokens: number;
  updatedAt: number;
}

export interface TakeOutcome {
  bucket: Bucket;
  /** Tokens handed out: 0 when refused. */
  granted: number;
  /** Whole tokens left after this take. */
  remaining: number;
  /** When refused, how long until the request could succeed; 0 when granted. */
  retryAfterMs: number;
}

/** The bucket at `now`: an unknown bucket is full, and a clock going backwards refills nothing. */
export function refill(bucket: Bucket | null, rule: BucketRule, now: number): Bucket {
  if (!bucket) return { tokens: rule.limit, updatedAt: now };
  const elapsed = Math.max(0, now - bucket.updatedAt);
  const tokens = Math.min(rule.limit, bucket.tokens + (elapsed * rule.limit) / rule.windowMs);
  return { tokens, updatedAt: Math.max(now, bucket.updatedAt) };
}

/**
 * Takes `want` tokens. With `partial`, takes as many whole tokens as there are (at least one),
 * which is how an isolate leases a batch; without it, all or nothing.
 */
export function take(bucket: Bucket | null, rule: BucketRule, want: number, now: number, partial = false): TakeOutcome {
  const current = refill(bucket, rule, now);
  const available = Math.floor(current.tokens + 1e-9);
  const granted = partial ? Math.min(want, available) : available >= want ? want : 0;
  if (granted >= 1) {
    const tokens = Math.max(0, current.tokens - granted);
    return { bucket: { ...current, tokens }, granted, remaining: Math.floor(tokens + 1e-9), retryAfterMs: 0 };
  }
  const needed = (partial ? 1 : want) - current.tokens;
  return {
    bucket: current,
    granted: 0,
    remaining: available,
    retryAfterMs: Math.max(1, Math.ceil((needed * rule.windowMs) / rule.limit)),
  };
}

/** When an untouched bucket is full again: the limiter can forget it from then on. */
export function fullAt(bucket: Bucket, rule: BucketRule): number {
  return bucket.updatedAt + Math.ceil(((rule.limit - bucket.tokens) * rule.windowMs) / rule.limit);
}

/** `Retry-After` is whole seconds (RFC 9110); rounding up never invites a retry that fails. */
export function retryAfterSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
