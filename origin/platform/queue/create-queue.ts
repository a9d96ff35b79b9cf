import { Client } from '@upstash/qstash';
import type { Database } from '../../../db/client';
import { type Logger, silentLogger } from '../logger';
import { qstashTransport } from './qstash-transport';
import { qstashVerifier } from './qstash-verifier';
import { Queue } from './queue';

export interface QStashSettings {
  /** QStash API base (QSTASH_URL), e.g. https://qstash.upstash.io. */
  url: string;
  token: string;
  currentSigningKey: string;
  nextSigningKey: string;
  /** The origin's public base URL that QStash pushes to (PUBLIC_ORIGIN_URL). */
  callbackUrl: string;
  /** Upstash-Retries per message; the plan's default when unset. */
  retries?: number;
  /** How far ahead scheduled messages go to QStash with Not-Before (0 = when due). */
  scheduleAheadMs?: number;
}

/** The queue part of the origin's configuration. */
export type QueueConfig = {
  /** How often the relay looks for due rows when nobody kicks it. */
  pollMs: number;
  /** Attempts before an outbox row is dead-lettered. */
  maxAttempts: number;
} & ({ driver: 'local' } | { driver: 'qstash'; qstash: QStashSettings });

/**
 * Builds the queue for the configured driver: `local` delivers outbox rows to the consumers
 * in-process; `qstash` publishes them to QStash and verifies its pushes. Batch handlers
 * (`on`) run in-process under both.
 */
export function createQueue(config: QueueConfig, db: Database, log: Logger = silentLogger): Queue {
  const queue = new Queue(
    db,
    { pollMs: config.pollMs, maxAttempts: config.maxAttempts, log: (message, fields) => log.warn(message, fields) },
    log,
  );
  if (config.driver === 'local') return queue;
  const s = config.qstash;
  // The outbox retries with backoff, so the SDK's own network retries would only add latency.
  const client = new Client({ baseUrl: s.url, token: s.token, retry: false, devMode: false, enableTelemetry: false });
  return queue.use(
    qstashTransport(queue, db, {
      client,
      callbackUrl: s.callbackUrl,
      maxAttempts: config.maxAttempts,
      retries: s.retries,
      scheduleAheadMs: s.scheduleAheadMs,
    }),
    qstashVerifier(s, s.callbackUrl),
  );
}
