/** A rate limit as a token bucket: parsed from configuration (config.ts), applied by the gateway. */
export interface BucketRule {
  /** Tokens in a full bucket: the most requests allowed in one burst. */
  limit: number;
  /** Time for an empty bucket to refill completely. */
  windowMs: number;
}
