/**
 * What every route and workflow of the origin is given: configuration, the database (primary
 * and reader), the cache and the outbox relay, wired once by `createOrigin`.
 */
import type { Database } from '../../db/client';
import type { CachePort } from './cache/cache-port';
import type { OriginConfig } from './config/config';
import type { PasswordHasher } from './credentials/password';
import type { EmailSender } from './email/email-sender';
import type { Logger } from './logger';
import type { Queue } from './queue/queue';

export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

export interface OriginContext {
  config: OriginConfig;
  /** The primary: every write and transaction, and every read that must see a write just made. */
  db: Database;
  /**
   * Shopper-facing reads that may lag a write by the replication delay (the catalog reads the
   * edge makes): selects go to the read replica (`DATABASE_REPLICA_URL`), anything else to the
   * primary. The primary itself when no replica is configured.
   */
  reader: Database;
  cache: CachePort;
  /** Every password hash and check of a request (staff and customers): bounded per process. */
  passwords: PasswordHasher;
  /** Outgoing mail (account verification, password resets). */
  email: EmailSender;
  log: Logger;
  queue: Queue;
  /** Outbound HTTP to outside parties (payment providers, carriers); tests route it in-process. */
  http: typeof fetch;
  /** How the origin calls its other services (SERVICES_URL, platform/rpc.ts); tests route it in-process. */
  serviceFetch: typeof fetch;
  /** How the origin calls the edge (conversation objects, besides the publisher); tests record it. */
  edgeFetch: typeof fetch;
  /** Runs `fn` in one transaction, then wakes the outbox relay for the events it wrote. */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
}
