/**
 * Reads that survive their replica: shopper-facing selects go to the read replica while it
 * answers and to the primary while it does not. A probe (bounded by `timeoutMs`) runs every
 * `probeMs`; its outcome switches every read made through `reader` at once, in both
 * directions. Between a replica failing and the next probe, reads on it fail (at most
 * `probeMs`). Reads move back only once the replica has replayed everything the primary had
 * committed when probed: while they were on the primary the publisher did not wait for the
 * replica (see origin/main.ts), so a replica still catching up would serve what was already
 * replaced. A replica that lags while in use is the publisher's business (`waitForReplica`).
 */
import { sql } from 'drizzle-orm';
import { type Database, readerFor, waitForReplica } from './client';

export interface ReplicaRoute {
  /** The database to read through: the primary+replica pair, or the primary alone. */
  reader: Database;
  /** Whether selects currently go to the replica. */
  onReplica(): boolean;
  /** Probes the replica now and switches accordingly; resolves to whether it answered. */
  probe(): Promise<boolean>;
  stop(): void;
}

export interface RouteLog {
  warn(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
}

export function routeReads(
  primary: Database,
  replica: Database,
  options: { probeMs?: number; timeoutMs?: number; log?: RouteLog } = {},
): ReplicaRoute {
  const { probeMs = 5_000, timeoutMs = 2_000, log } = options;
  const paired = readerFor(primary, replica);
  let healthy = true;
  // Every property read picks the current target, so a holder of `reader` (the catalog
  // context, the routes) follows a switch without being told.
  const reader = new Proxy(paired, {
    get(_target, prop) {
      const db = healthy ? paired : primary;
      const value = Reflect.get(db, prop, db);
      return typeof value === 'function' ? value.bind(db) : value;
    },
  });

  let probing: Promise<boolean> | null = null;
  const probe = () => {
    probing ??= (async () => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      });
      let ok: boolean;
      let reason = '';
      try {
        await Promise.race([replica.execute(sql`select 1`), timeout]);
        // Back from the primary: only a replica that has caught up with it.
        ok = healthy || (await Promise.race([waitForReplica(primary, replica, { timeoutMs: 0 }), timeout]));
        if (!ok) reason = 'still replaying';
      } catch (err) {
        ok = false;
        reason = err instanceof Error ? err.message : String(err);
      } finally {
        clearTimeout(timer);
      }
      if (ok !== healthy) {
        if (ok) log?.info('read replica answers and has caught up; shopper reads go back to it');
        else log?.warn('read replica unreachable; shopper reads go to the primary', { reason });
      }
      healthy = ok;
      return ok;
    })().finally(() => {
      probing = null;
    });
    return probing;
  };

  const timer = setInterval(() => void probe(), probeMs);
  (timer as { unref?: () => void }).unref?.();
  void probe();
  return {
    reader,
    onReplica: () => healthy,
    probe,
    stop: () => clearInterval(timer),
  };
}
