/**
 * An instance's lifecycle as a load balancer sees it (cluster mode, docs/operations.md):
 *
 * - `GET /health/live`: the process answers (restart it when this fails);
 * - `GET /health/ready`: it can serve — database, cache and queue reachable — and is not
 *   draining (take it out of rotation while this fails, send traffic again when it passes);
 * - draining (SIGTERM, origin/server.ts): readiness turns 503 at once so the balancer stops
 *   sending new work, the requests already inside finish (`whenIdle`), the outbox relay hands
 *   its leases back, then the process exits.
 *
 * `GET /health` stays the plain liveness answer it always was.
 */
import { sql } from 'drizzle-orm';
import type { MiddlewareHandler } from 'hono';
import type { Database } from '../../db/client';
import { outboxEvents } from '../../db/schema/outbox';
import type { CachePort } from './cache/cache-port';

/** One dependency a ready instance needs: resolves when reachable, throws (or hangs) when not. */
export interface ReadinessCheck {
  name: string;
  probe(): Promise<unknown>;
}

export type CheckState = 'ok' | 'failing' | 'timeout';

export interface Readiness {
  ready: boolean;
  draining: boolean;
  checks: Record<string, CheckState>;
}

export class Lifecycle {
  private drainingSince: number | null = null;
  private inFlight = 0;
  private idle: Array<() => void> = [];

  constructor(
    private readonly checks: readonly ReadinessCheck[],
    /** A probe that has not answered within this long counts as failing (a hung database must not hang the probe). */
    private readonly probeTimeoutMs = 2000,
  ) {}

  get draining(): boolean {
    return this.drainingSince !== null;
  }

  /** Requests being served right now (health probes excluded). */
  get active(): number {
    return this.inFlight;
  }

  /** Stops reporting ready; requests keep being served until the server stops accepting them. */
  startDraining(): void {
    this.drainingSince ??= Date.now();
  }

  /** Counts the requests in flight, so a drain can wait for them. */
  readonly track: MiddlewareHandler = async (_c, next) => {
    this.inFlight++;
    try {
      await next();
    } finally {
      this.inFlight--;
      if (this.inFlight === 0) for (const resolve of this.idle.splice(0)) resolve();
    }
  };

  /** Resolves once no request is in flight (at once when none is). */
  whenIdle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  async readiness(): Promise<Readiness> {
    const states = await Promise.all(this.checks.map((check) => this.run(check)));
    const checks = Object.fromEntries(this.checks.map((check, i) => [check.name, states[i] as CheckState]));
    return { ready: !this.draining && states.every((s) => s === 'ok'), draining: this.draining, checks };
  }

  private async run(check: ReadinessCheck): Promise<CheckState> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<CheckState>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.probeTimeoutMs);
    });
    try {
      return await Promise.race([
        check.probe().then(
          () => 'ok' as const,
          () => 'failing' as const,
        ),
        timedOut,
      ]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * What an origin needs to serve: the database (a round trip), the cache (a read: Redis or
 * Upstash when configured; the memory cache is always there) and the queue, whose durable
 * part is the transactional outbox in the database (a read of its table).
 */
export function originReadinessChecks(db: Database, cache: CachePort): ReadinessCheck[] {
  return [
    { name: 'database', probe: () => db.execute(sql`select 1`) },
    { name: 'cache', probe: () => cache.get('health:ready') },
    { name: 'queue', probe: () => db.execute(sql`select 1 from ${outboxEvents} limit 1`) },
  ];
}
