/**
 * Bulkheads: how many requests of each class an instance works on at once, so a flood of one
 * kind (reviews, search, reports, queue pushes) cannot take the capacity the money path needs.
 *
 * Every request belongs to a class. `core` (catalog reads, checkout, payments, carrier and
 * payment webhooks) may use the whole budget; `auxiliary` (reviews, support, search, the admin
 * API) at most its share of it, and only while the instance is not saturated: once the requests
 * in flight reach `saturationAt`, a new auxiliary request is shed at once, so auxiliary work is
 * the first to go when load spikes and core work keeps its room. `background` (queue pushes) has
 * a share of its own; its senders retry. Over its limit a request waits in a short, bounded queue
 * (never one that grows without end), and is refused with 503 `overloaded` and `Retry-After`
 * when that is full or the wait is too long: a load balancer or client retries elsewhere/later.
 */
import type { MiddlewareHandler } from 'hono';
import { errorBody } from './errors';

export type RouteClass = 'core' | 'auxiliary' | 'background';

export interface BulkheadLimits {
  /** Requests an instance works on at once, all classes together. */
  total: number;
  /** At most this many auxiliary requests at once (a share of `total`). */
  auxiliary: number;
  /** At most this many queue pushes at once. */
  background: number;
  /** Above this many in flight the instance is saturated: auxiliary requests are shed at once. */
  saturationAt: number;
  /** Requests of a class that may wait for a slot; beyond, 503 at once. */
  queue: number;
  /** The longest a request waits for a slot before a 503. */
  maxWaitMs: number;
}

interface Waiter {
  cls: RouteClass;
  grant: () => void;
  timer: ReturnType<typeof setTimeout>;
}

export class Bulkheads {
  private readonly running: Record<RouteClass, number> = { core: 0, auxiliary: 0, background: 0 };
  private readonly waiting: Waiter[] = [];
  private inFlight = 0;

  constructor(readonly limits: BulkheadLimits) {}

  /** How many requests of each class are being worked on now. */
  snapshot(): Record<RouteClass, number> & { inFlight: number; waiting: number } {
    return { ...this.running, inFlight: this.inFlight, waiting: this.waiting.length };
  }

  private fits(cls: RouteClass): boolean {
    if (this.inFlight >= this.limits.total) return false;
    if (cls === 'auxiliary')
      return this.running.auxiliary < this.limits.auxiliary && this.inFlight < this.limits.saturationAt;
    if (cls === 'background') return this.running.background < this.limits.background;
    return true;
  }

  private take(cls: RouteClass): void {
    this.running[cls] += 1;
    this.inFlight += 1;
  }

  /**
   * A slot for a request of `cls`, or null when it is shed (the caller answers 503). Release
   * the slot exactly once when the request is done.
   */
  async acquire(cls: RouteClass): Promise<(() => void) | null> {
    if (this.fits(cls) && !this.waiting.some((w) => w.cls === cls)) {
      this.take(cls);
      return this.releaser(cls);
    }
    // A saturated instance sheds auxiliary work at once rather than queueing it behind core.
    if (cls === 'auxiliary' && this.inFlight >= this.limits.saturationAt) return null;
    if (this.waiting.filter((w) => w.cls === cls).length >= this.limits.queue) return null;
    return new Promise((resolve) => {
      const waiter: Waiter = {
        cls,
        grant: () => {
          clearTimeout(waiter.timer);
          this.take(cls);
          resolve(this.releaser(cls));
        },
        timer: setTimeout(() => {
          this.waiting.splice(this.waiting.indexOf(waiter), 1);
          resolve(null);
        }, this.limits.maxWaitMs),
      };
      this.waiting.push(waiter);
    });
  }

  private releaser(cls: RouteClass): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.running[cls] -= 1;
      this.inFlight -= 1;
      this.admit();
    };
  }

  /** Lets waiting requests in, core first, in arrival order within a class. */
  private admit(): void {
    for (const cls of ['core', 'background', 'auxiliary'] as const) {
      for (;;) {
        const next = this.waiting.find((w) => w.cls === cls);
        if (!next || !this.fits(cls)) break;
        this.waiting.splice(this.waiting.indexOf(next), 1);
        next.grant();
      }
    }
  }
}

/**
 * The limits from the configuration: `total` requests at once; auxiliary and background each at
 * most their share of it; the instance counts as saturated at three quarters of `total`.
 */
export function bulkheadLimits(total: number, auxiliaryShare: number, backgroundShare: number): BulkheadLimits {
  const share = (s: number) => Math.max(1, Math.floor(total * s));
  return {
    total,
    auxiliary: share(auxiliaryShare),
    background: share(backgroundShare),
    saturationAt: Math.max(1, Math.floor(total * 0.75)),
    queue: total,
    maxWaitMs: 2_000,
  };
}

/** Seconds a shed client should wait before trying again. */
const RETRY_AFTER_SECONDS = 1;

/**
 * The middleware: classifies each request with `classOf`, holds a slot of its class while the
 * rest of the app works on it, and answers 503 `overloaded` with Retry-After when it is shed.
 */
export function bulkhead(
  bulkheads: Bulkheads,
  classOf: (method: string, path: string, search: string) => RouteClass | null,
): MiddlewareHandler {
  return async (c, next) => {
    const url = new URL(c.req.url);
    const cls = classOf(c.req.method, url.pathname, url.search);
    if (cls === null) return next();
    const release = await bulkheads.acquire(cls);
    if (!release) {
      c.header('Retry-After', String(RETRY_AFTER_SECONDS));
      return c.json(errorBody('overloaded', `This instance is busy (${cls} requests); retry shortly`), 503);
    }
    try {
      await next();
    } finally {
      release();
    }
  };
}
