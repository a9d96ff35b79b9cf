/**
 * The QStash transport: instead of running consumers, the relay publishes each due outbox row
 * to QStash (deduplicated by the event id) and marks it delivered once QStash accepted it;
 * QStash then pushes it, signed, to `POST /queue/:topic` and retries. When it gives up it calls
 * `POST /queue/:topic/failed` (the failure callback), which turns the row into a dead letter,
 * so the merchant lists and replays dead letters alike under both drivers.
 *
 * Scheduled rows (a future `available_at`) are handed over early, with `Upstash-Not-Before`,
 * so QStash holds them instead of the outbox. That pass runs in one transaction holding
 * `FOR UPDATE SKIP LOCKED` row locks rather than a lease, because the lease lives in
 * `available_at` and would overwrite the schedule: a crash rolls back and loses nothing.
 */
import type { Client } from '@upstash/qstash';
import { and, inArray, isNotNull, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { outboxEvents } from '../../../db/schema/outbox';
import { markDelivered, recordFailure, rowsOf, toEvent } from '../outbox/claim';
import type { OutboxEvent } from '../outbox/outbox';
import type { Queue, QueueTransport } from './queue';

export interface QStashTransportOptions {
  client: Client;
  /** The origin's public base URL, as QStash reaches it (PUBLIC_ORIGIN_URL). */
  callbackUrl: string;
  maxAttempts: number;
  /** Delivery attempts QStash makes before its DLQ (`Upstash-Retries`); the plan's default if unset. */
  retries?: number;
  /** How far ahead scheduled rows are handed to QStash (0 = publish when due). Default 7 days. */
  scheduleAheadMs?: number;
  /** Rows due within the relay lease are left to the ordinary pass. Default 30 s. */
  leaseMs?: number;
  batchSize?: number;
  /** Publishes in flight at once. Default 8. */
  concurrency?: number;
}

/** The JSON body of a queue message, as published and as pushed to the consumer route. */
export interface QueueMessage {
  id: string;
  topic: string;
  aggregateId: string;
  payload: Record<string, unknown>;
  createdAt: string;
}

/** The message body published for an outbox event. */
export const toMessage = (e: OutboxEvent): QueueMessage => ({
  id: e.id,
  topic: e.topic,
  aggregateId: e.aggregateId,
  payload: e.payload,
  createdAt: e.createdAt.toISOString(),
});

/** Where QStash pushes a topic: `<base>/queue/<topic>` (queueConsumerRoutes mounted at /queue). */
export function consumerUrl(base: string, topic: string): string {
  return `${base.replace(/\/+$/, '')}/queue/${encodeURIComponent(topic)}`;
}

/** Where QStash reports that it gave up on a message of a topic (its failure callback). */
export function failureUrl(base: string, topic: string): string {
  return `${consumerUrl(base, topic)}/failed`;
}

/**
 * The deduplication id of a publish: the event id, so that QStash drops a publish repeated
 * after a lost acknowledgement. An event handed over before (a dead letter the merchant sent
 * back) gets the time of that hand-over appended, or QStash, which remembers ids for 90 days,
 * would drop the replay as a duplicate.
 */
export function deduplicationId(eventId: string, deliveredBefore?: Date | string | null): string {
  return deliveredBefore ? `${eventId}.${new Date(deliveredBefore).getTime()}` : eventId;
}

/** SQL matching topics of the given patterns (`a.b` exactly, `a.*` by prefix). */
function topicsIn(patterns: string[]): SQL {
  const match = (p: string) =>
    p.endsWith('.*')
      ? sql`${outboxEvents.topic} like ${`${p.slice(0, -1).replace(/[\\%_]/g, '\\$&')}%`}`
      : sql`${outboxEvents.topic} = ${p}`;
  return sql`(${sql.join(patterns.map(match), sql` or `)})`;
}

interface Outgoing {
  event: OutboxEvent;
  /** Scheduled rows handed over early: QStash holds them until then. */
  notBefore?: Date;
  /** When the event was last handed to QStash, if it was (see `deduplicationId`). */
  deliveredBefore?: Date | string | null;
}

/** The transport for `QUEUE_DRIVER=qstash` (see the file comment). */
export function qstashTransport(queue: Queue, db: Database, o: QStashTransportOptions): QueueTransport {
  const concurrency = o.concurrency ?? 8;
  const aheadMs = o.scheduleAheadMs ?? 7 * 24 * 3600_000;
  const leaseMs = o.leaseMs ?? 30_000;

  const publish = async ({ event, notBefore, deliveredBefore }: Outgoing) => {
    await o.client.publishJSON({
      url: consumerUrl(o.callbackUrl, event.topic),
      body: toMessage(event),
      deduplicationId: deduplicationId(event.id, deliveredBefore),
      failureCallback: failureUrl(o.callbackUrl, event.topic),
      ...(notBefore ? { notBefore: Math.ceil(notBefore.getTime() / 1000) } : {}),
      ...(o.retries === undefined ? {} : { retries: o.retries }),
    });
  };

  const publishAll = async (events: Outgoing[]) => {
    const failures = new Map<string, unknown>();
    for (let i = 0; i < events.length; i += concurrency) {
      const slice = events.slice(i, i + concurrency);
      await Promise.all(slice.map((m) => publish(m).catch((e) => failures.set(m.event.id, e))));
    }
    return failures;
  };

  /** When each event was last handed to QStash, for those handed over before (replays). */
  const lastHandOvers = async (events: OutboxEvent[]) => {
    const rows = await db
      .select({ id: outboxEvents.id, deliveredAt: outboxEvents.deliveredAt })
      .from(outboxEvents)
      .where(
        and(
          inArray(
            outboxEvents.id,
            events.map((e) => e.id),
          ),
          isNotNull(outboxEvents.deliveredAt),
        ),
      );
    return new Map(rows.map((r) => [r.id, r.deliveredAt]));
  };

  /** Hands scheduled rows to QStash early; returns how many it accepted. */
  const scheduleAhead = async (): Promise<number> => {
    const consumed = queue.consumerPatterns();
    if (aheadMs <= leaseMs || consumed.length === 0) return 0;
    const batchOnly = queue.relay.handlerPatterns();
    return db.transaction(async (tx) => {
      const result = await tx.execute(sql`
        select id, topic, aggregate_id, payload, attempts, created_at, available_at, delivered_at from ${outboxEvents}
        where status = 'pending' and attempts = 0
          and available_at > now() + make_interval(secs => ${leaseMs / 1000})
          and available_at <= now() + make_interval(secs => ${aheadMs / 1000})
          and ${topicsIn(consumed)} ${batchOnly.length > 0 ? sql`and not ${topicsIn(batchOnly)}` : sql``}
        order by available_at, id
        limit ${o.batchSize ?? 100}
        for update skip locked`);
      type Row = Parameters<typeof toEvent>[0] & { available_at: string | Date; delivered_at: string | Date | null };
      const due = rowsOf<Row>(result).map((r) => ({
        event: toEvent(r),
        notBefore: new Date(r.available_at),
        deliveredBefore: r.delivered_at,
      }));
      const failures = await publishAll(due);
      await markDelivered(
        tx,
        due.filter((d) => !failures.has(d.event.id)).map((d) => d.event.id),
      );
      for (const d of due) {
        if (failures.has(d.event.id)) await recordFailure(tx, d.event, failures.get(d.event.id), o.maxAttempts, true);
      }
      return due.length - failures.size;
    });
  };

  return {
    driver: 'qstash',
    send: async (events) => {
      const before = await lastHandOvers(events);
      return publishAll(events.map((event) => ({ event, deliveredBefore: before.get(event.id) })));
    },
    beforeRound: scheduleAhead,
  };
}
