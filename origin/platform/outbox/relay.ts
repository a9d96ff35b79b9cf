/**
 * Delivers outbox rows to the handlers registered per topic, at least once.
 *
 * Rows are claimed with a lease (`FOR UPDATE SKIP LOCKED`, then `available_at` pushed past the
 * lease) so several origin instances can relay side by side without delivering the same row
 * concurrently, and a crashed instance's claims come back after the lease. A handler receives
 * a batch of one topic; it succeeds or throws for the whole batch. Failures are retried with
 * exponential backoff and moved to `dead` after `maxAttempts`.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { outboxEvents } from '../../../db/schema';
import { backoffMs } from './backoff';
import type { OutboxEvent } from './outbox';

interface ClaimedRow {
  id: string;
  topic: string;
  aggregate_id: string;
  payload: Record<string, unknown>;
  attempts: number;
  created_at: string | Date;
}

export type TopicHandler = (events: OutboxEvent[]) => Promise<void>;

export interface RelayOptions {
  pollMs: number;
  maxAttempts: number;
  batchSize?: number;
  leaseMs?: number;
  log?: (message: string, fields?: Record<string, unknown>) => void;
}

export class OutboxRelay {
  private readonly handlers = new Map<string, TopicHandler>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;

  constructor(
    private readonly db: Database,
    private readonly options: RelayOptions,
  ) {}

  /** Registers the handler for a topic; `prefix.*` matches every topic under `prefix.`. */
  on(topic: string, handler: TopicHandler): this {
    this.handlers.set(topic, handler);
    return this;
  }

  start(): void {
    this.stopped = false;
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Asks for a delivery round now (called after a commit that wrote events). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.running = this.drain()
      .then(() => undefined)
      .catch((e) => this.options.log?.('outbox relay round failed', { error: String(e) }))
      .finally(() => {
        this.running = null;
        if (this.stopped) return;
        if (this.again) {
          this.again = false;
          this.kick();
        } else {
          this.timer = setTimeout(() => this.kick(), this.options.pollMs);
        }
      });
  }

  /** Delivers everything due now; returns how many events were handled successfully. */
  async drain(): Promise<number> {
    let delivered = 0;
    for (;;) {
      const batch = await this.claim();
      if (batch.length === 0) return delivered;
      delivered += await this.deliver(batch);
    }
  }

  private handlerFor(topic: string): TopicHandler | undefined {
    const exact = this.handlers.get(topic);
    if (exact) return exact;
    const dot = topic.lastIndexOf('.');
    for (let end = dot; end > 0; end = topic.lastIndexOf('.', end - 1)) {
      const wildcard = this.handlers.get(`${topic.slice(0, end)}.*`);
      if (wildcard) return wildcard;
    }
    return undefined;
  }

  private async claim(): Promise<OutboxEvent[]> {
    const limit = this.options.batchSize ?? 100;
    const leaseMs = this.options.leaseMs ?? 30_000;
    const result = (await this.db.execute(sql`
      update ${outboxEvents} set available_at = now() + make_interval(secs => ${leaseMs / 1000})
      where id in (
        select id from ${outboxEvents}
        where status = 'pending' and available_at <= now()
        order by available_at, id
        limit ${limit}
        for update skip locked
      )
      returning id, topic, aggregate_id, payload, attempts, created_at`)) as unknown as { rows: ClaimedRow[] };
    return result.rows
      .map((r) => ({
        id: r.id,
        topic: r.topic,
        aggregateId: r.aggregate_id,
        payload: r.payload,
        attempts: r.attempts,
        createdAt: new Date(r.created_at),
      }))
      .sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  private async deliver(batch: OutboxEvent[]): Promise<number> {
    const byHandler = new Map<TopicHandler | undefined, OutboxEvent[]>();
    for (const event of batch) {
      const handler = this.handlerFor(event.topic);
      byHandler.set(handler, [...(byHandler.get(handler) ?? []), event]);
    }
    let delivered = 0;
    for (const [handler, events] of byHandler) {
      try {
        if (!handler) throw new Error(`no handler for topic ${events[0]?.topic}`);
        await handler(events);
        await this.db
          .update(outboxEvents)
          .set({ status: 'delivered', deliveredAt: new Date(), lastError: null })
          .where(
            inArray(
              outboxEvents.id,
              events.map((e) => e.id),
            ),
          );
        delivered += events.length;
      } catch (e) {
        await this.fail(events, e);
      }
    }
    return delivered;
  }

  private async fail(events: OutboxEvent[], error: unknown): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    for (const event of events) {
      const attempts = event.attempts + 1;
      const dead = attempts >= this.options.maxAttempts;
      await this.db
        .update(outboxEvents)
        .set({
          attempts,
          lastError: message.slice(0, 2000),
          status: dead ? 'dead' : 'pending',
          availableAt: new Date(Date.now() + backoffMs(attempts)),
        })
        .where(and(eq(outboxEvents.id, event.id), eq(outboxEvents.status, 'pending')));
      this.options.log?.(dead ? 'outbox event dead-lettered' : 'outbox delivery failed, will retry', {
        eventId: event.id,
        topic: event.topic,
        attempts,
        error: message,
      });
    }
  }
}
