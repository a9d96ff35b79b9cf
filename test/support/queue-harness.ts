/**
 * Harnesses for the queue contract (queue-contract.ts), each a real origin (createOrigin on a
 * fresh test database) with the queue driver under test:
 * - local: the relay runs consumers in-process;
 * - qstash: the real `@upstash/qstash` Client publishes to the QStash stand-in over HTTP, the
 *   stand-in pushes over HTTP to the origin's `/queue/:topic` route (the app served on a real
 *   port), and the real `Receiver` checks every signature.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { rowsOf } from '../../origin/platform/outbox/claim';
import { type QStashStandIn, startQStashStandIn } from '../../sandbox/qstash/stand-in';
import { startTestOrigin, type TestOrigin } from './origin';
import type { QueueHarness } from './queue-contract';
import { type FetchServer, serveFetch } from './serve-fetch';

const MAX_ATTEMPTS = 3;

/** Something else that keeps time beside the outbox (the QStash stand-in). */
interface Clocked {
  nextDueIn(): number | null;
  advance(ms: number): Promise<void>;
}

/** Milliseconds until the next pending outbox row is due (0 when overdue), or null. */
async function outboxNextDueIn(db: Database): Promise<number | null> {
  const result = await db.execute(sql`
    select extract(epoch from (min(available_at) - now())) * 1000 as ms
    from outbox_events where status = 'pending'`);
  const ms = rowsOf<{ ms: string | number | null }>(result)[0]?.ms;
  return ms === null || ms === undefined ? null : Math.max(0, Number(ms));
}

/**
 * Lets `ms` pass: pending outbox rows fall due as if the database clock had moved (their
 * `available_at` moves back) and `other` advances alike, stopping at each due time on the way
 * to deliver what fell due, since a failure there schedules its retry from that moment.
 */
async function letTimePass(db: Database, ms: number, settle: () => Promise<void>, other?: Clocked) {
  const shift = async (step: number) => {
    if (step <= 0) return;
    await db.execute(sql`
      update outbox_events set available_at = available_at - make_interval(secs => ${step / 1000})
      where status = 'pending'`);
    await other?.advance(step);
  };
  let remaining = ms;
  for (let steps = 0; ; steps++) {
    if (steps > 1000) throw new Error('letTimePass: something falls due again and again');
    const due = [await outboxNextDueIn(db), other?.nextDueIn() ?? null].filter((n): n is number => n !== null);
    const next = due.length > 0 ? Math.min(...due) : null;
    if (next === null || next > remaining) break;
    await shift(next);
    remaining -= next;
    await settle();
  }
  await shift(remaining);
  await settle();
}

function adminOf(t: TestOrigin) {
  return (method: string, path: string) => t.admin(method, path);
}

/** The local driver: the relay runs the consumers in-process. */
export async function localQueueHarness(): Promise<QueueHarness> {
  const t = await startTestOrigin({ OUTBOX_MAX_ATTEMPTS: String(MAX_ATTEMPTS) });
  const { queue } = t.origin;
  const db = t.origin.database.db;
  const settle = async () => void (await queue.drain());
  return {
    queue,
    db,
    maxDeliveries: MAX_ATTEMPTS,
    settle,
    advance: (ms) => letTimePass(db, ms, settle),
    async redeliver(eventId) {
      // What a relay that crashed between running the consumers and marking the row does.
      await db.execute(sql`update outbox_events set status = 'pending', available_at = now() where id = ${eventId}`);
      await settle();
    },
    admin: adminOf(t),
    close: () => t.close(),
  };
}

export const QSTASH_TOKEN = 'contract-qstash-token';
export const QSTASH_KEYS = { current: 'sig_contract_current', next: 'sig_contract_next' };
const QSTASH_RETRIES = 2;

export interface QStashQueueHarness extends QueueHarness {
  standIn: QStashStandIn;
  /** Where the origin is served (PUBLIC_ORIGIN_URL). */
  originUrl: string;
}

/** The qstash driver end to end over HTTP (see the file comment). */
export async function qstashQueueHarness(): Promise<QStashQueueHarness> {
  const server: FetchServer = await serveFetch();
  const standIn = await startQStashStandIn({
    token: QSTASH_TOKEN,
    currentSigningKey: QSTASH_KEYS.current,
    nextSigningKey: QSTASH_KEYS.next,
  });
  const t = await startTestOrigin({
    OUTBOX_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
    QUEUE_DRIVER: 'qstash',
    QSTASH_URL: standIn.url,
    QSTASH_TOKEN,
    QSTASH_CURRENT_SIGNING_KEY: QSTASH_KEYS.current,
    QSTASH_NEXT_SIGNING_KEY: QSTASH_KEYS.next,
    QSTASH_RETRIES: String(QSTASH_RETRIES),
    PUBLIC_ORIGIN_URL: server.url,
  });
  server.handle((request) => t.origin.app.fetch(request));
  const { queue } = t.origin;
  const db = t.origin.database.db;
  const settle = async () => {
    for (let round = 0; ; round++) {
      if (round > 100) throw new Error('settle: the queue never went quiet');
      const sent = await queue.drain();
      await standIn.idle();
      if (sent === 0) return;
    }
  };
  return {
    queue,
    db,
    maxDeliveries: QSTASH_RETRIES + 1,
    settle,
    advance: (ms) => letTimePass(db, ms, settle, standIn),
    async redeliver(eventId) {
      const published = standIn.publishes.findLast((p) => p.messageId && JSON.parse(p.body).id === eventId);
      if (!published?.messageId) throw new Error(`${eventId} was never published`);
      await standIn.redeliver(published.messageId);
      await settle();
    },
    admin: adminOf(t),
    standIn,
    originUrl: server.url,
    async close() {
      await t.close();
      await standIn.close();
      await server.close();
    },
  };
}
