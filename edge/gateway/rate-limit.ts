import type { MiddlewareHandler } from 'hono';
import type { AppContext, AppEnv } from '../lib/context';
import { ApiError } from '../lib/errors';
import { logger } from '../lib/log';
import { LeasePool } from './lease-pool';
import type { RateLimiter, TakeResult } from './rate-limiter-object';
import { type BucketRule, retryAfterSeconds } from './token-bucket';

/** Per-isolate leases and remembered refusals, for every class and subject. */
export const leasePool = new LeasePool(10_000);

// A lease older than this is dropped unspent: a client's tokens are never spent long after
// the object counted them, which keeps the time shift of a lease small.
const LEASE_TTL_MS = 10_000;

export interface RateLimitOptions {
  /** The class, first part of every bucket name: `<name>:<subject>`. */
  name: string;
  /** The class's rule from the Worker env; null switches it off. */
  rule: (env: Env) => BucketRule | null;
  /** Who the request counts against (e.g. `ip:…`, `cart:…`); each subject has its own bucket. */
  subjects: (c: AppContext) => string[] | Promise<string[]>;
  /**
   * Lease tokens in batches (see lease-pool.ts) instead of asking the object on every request:
   * for generous, high-volume limits only. Exact classes (checkout, auth) leave it off.
   */
  leased?: boolean;
}

/** The bucket of `subject` in the class `name`; also the object's name and the lease key. */
export function bucketKey(name: string, subject: string): string {
  return `${name}:${subject}`;
}

function limiter(env: Env, key: string): DurableObjectStub<RateLimiter> {
  return env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName(key));
}

/**
 * Keys whose lease is being fetched by some request of this isolate: when a lease runs out
 * under concurrent load, the requests that find it empty wait for that one fetch instead of
 * each asking the object for a batch of their own.
 *
 * They wait by polling the pool (plain data, shared safely) on their own timers, never by
 * awaiting the fetching request's promise: workerd binds a promise to the request that made
 * it, and a request whose only pending work is another request's promise is judged hung and
 * cancelled ("the Workers runtime canceled this request…", a 500 that showed under load).
 */
const fetchingLeases = new Set<string>();
const WAIT_STEP_MS = 2;
const MAX_WAIT_MS = 50;

/** Counts one request against `key`; resolves to 0 when allowed, else the wait in ms. */
async function spend(c: AppContext, rule: BucketRule, key: string, leased: boolean): Promise<number> {
  const local = leasePool.trySpend(key, Date.now());
  if (local.kind === 'spent') return 0;
  if (local.kind === 'blocked') return local.retryAfterMs;
  if (leased && fetchingLeases.has(key)) {
    for (let waited = 0; waited < MAX_WAIT_MS && fetchingLeases.has(key); waited += WAIT_STEP_MS) {
      await new Promise((resolve) => setTimeout(resolve, WAIT_STEP_MS));
    }
    const after = leasePool.trySpend(key, Date.now());
    if (after.kind === 'spent') return 0;
    if (after.kind === 'blocked') return after.retryAfterMs;
  }
  if (!leased) return take(c, rule, key, false);
  fetchingLeases.add(key);
  try {
    return await take(c, rule, key, true);
  } finally {
    fetchingLeases.delete(key);
  }
}

/** One call to the object: a single token, or a lease of a batch. */
async function take(c: AppContext, rule: BucketRule, key: string, leased: boolean): Promise<number> {
  const now = Date.now();
  const batch = leased ? leasePool.nextBatch(key, rule.limit, now) : 1;
  let result: TakeResult;
  try {
    result = await limiter(c.env, key).take(rule, batch, leased);
  } catch (err) {
    // Fail open: a limiter outage must not take the shop down with it. It is logged loudly;
    // the origin still enforces its own invariants (idempotency, stock, auth).
    logger.error('rate limiter unavailable; request let through', {
      requestId: c.get('requestId'),
      bucket: key,
      reason: err instanceof Error ? err.message : String(err),
    });
    return 0;
  }
  if (result.allowed) {
    if (leased) leasePool.addLease(key, result.granted, now, Math.min(LEASE_TTL_MS, rule.windowMs), batch);
    return 0;
  }
  // No token can appear before retryAfterMs (buckets only refill with time), so refusing
  // locally until then is exact and keeps a flood off the object (and out of the logs).
  leasePool.block(key, Date.now(), result.retryAfterMs);
  logger.info('rate limit reached', { requestId: c.get('requestId'), bucket: key, retryAfterMs: result.retryAfterMs });
  return result.retryAfterMs;
}

/**
 * A rate-limit middleware for one class. Every subject is checked (in parallel); the request
 * is refused with `429 rate_limited` and `Retry-After` when any of them is out of tokens.
 */
export function rateLimit(options: RateLimitOptions): MiddlewareHandler<AppEnv> {
  const leased = options.leased ?? false;
  return async (c, next) => {
    const rule = options.rule(c.env);
    if (rule) {
      const keys = (await options.subjects(c)).map((s) => bucketKey(options.name, s));
      // A subject already known to be refused settles it without spending the others' tokens
      // or creating buckets (a flood of made-up cart ids from a blocked IP costs nothing).
      const now = Date.now();
      let waitMs = Math.max(0, ...keys.map((key) => leasePool.blockedFor(key, now)));
      if (waitMs === 0) waitMs = Math.max(0, ...(await Promise.all(keys.map((key) => spend(c, rule, key, leased)))));
      if (waitMs > 0) {
        const seconds = retryAfterSeconds(waitMs);
        throw new ApiError('rate_limited', `Too many requests; retry in ${seconds} s`, {
          'retry-after': String(seconds),
        });
      }
    }
    await next();
  };
}
