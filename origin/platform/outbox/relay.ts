/**
 * Delivers outbox rows at least once: to the batch handlers registered per topic (`on`) and,
 * per event, through an optional `EventDelivery` (the queue's consumers, run in-process or
 * handed to QStash).
 *
 * Rows are claimed with a lease (see claim.ts) so several origin instances can relay side by
 * side without delivering the same row concurrently, and a crashed instance's claims come
 * back after the lease. A batch handler receives events of its topic pattern and succeeds or
 * throws for the whole batch; per-event deliveries fail one by one. Failures are retried with
 * exponential backoff and moved to `dead` after `maxAttempts`.
 */
import type { Database } from '../../../db/client';
import { claimDue, markDelivered, recordFailure, releaseLeases } from './claim';
import type { OutboxEvent } from './outbox';

export type TopicHandler = (events: OutboxEvent[]) => Promise<void>;

/** Per-event delivery beside the batch handlers. */
export interface EventDelivery {
  /** Whether events of this topic go through `deliver`. */
  accepts(topic: string): boolean;
  /** Delivers the events; returns the error of each one that failed, by event id. */
  deliver(events: OutboxEvent[]): Promise<Map<string, unknown>>;
  /** Extra work at the start of every round (QStash: hand scheduled rows over early). */
  beforeRound?(): Promise<number>;
}

export interface RelayOptions {
  pollMs: number;
  maxAttempts: number;
  batchSize?: number;
  leaseMs?: number;
  log?: (message: string, fields?: Record<string, unknown>) => void;
}

/** `prefix.*` matches every topic under `prefix.`; anything else matches itself only. */
export function topicMatches(pattern: string, topic: string): boolean {
  return pattern.endsWith('.*') ? topic.startsWith(pattern.slice(0, -1)) : pattern === topic;
}

export class OutboxRelay {
  private readonly handlers = new Map<string, TopicHandler>();
  private delivery: EventDelivery | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;
  /** Set by stop(): a round in progress ends after its current batch. */
  private stopping = false;
  /** Rows this relay holds a lease on and has not settled yet (handed back by stop()). */
  private readonly leased = new Set<string>();

  constructor(
    private readonly db: Database,
    private readonly options: RelayOptions,
  ) {}

  /** Registers the batch handler for a topic; `prefix.*` matches every topic under `prefix.`. */
  on(topic: string, handler: TopicHandler): this {
    this.handlers.set(topic, handler);
    return this;
  }

  /** Sends events whose topic `delivery` accepts through it as well. */
  through(delivery: EventDelivery): this {
    this.delivery = delivery;
    return this;
  }

  start(): void {
    this.stopped = false;
    this.stopping = false;
    this.kick();
  }

  /**
   * Stops relaying: the batch being delivered is finished and settled, no further batch is
   * claimed, and leases still held (a round that failed between claim and settlement) are
   * handed back, so another instance's relay delivers those rows at once rather than after
   * the lease runs out.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
    await this.releaseLeases();
  }

  /** Hands back the leases of rows claimed and not settled; returns how many rows. */
  async releaseLeases(): Promise<number> {
    const ids = [...this.leased];
    if (ids.length === 0) return 0;
    try {
      const released = await releaseLeases(this.db, ids);
      for (const id of ids) this.leased.delete(id);
      return released;
    } catch (e) {
      // The database is gone: the leases run out on their own.
      this.options.log?.('outbox leases not released', { error: String(e), rows: ids.length });
      return 0;
    }
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
    let delivered = (await this.delivery?.beforeRound?.()) ?? 0;
    while (!this.stopping) {
      const batch = await claimDue(this.db, this.options.batchSize ?? 100, this.options.leaseMs ?? 30_000);
      if (batch.length === 0) return delivered;
      for (const event of batch) this.leased.add(event.id);
      delivered += await this.deliver(batch);
    }
    return delivered;
  }

  /** The batch handler of a topic: an exact registration, else the most specific wildcard. */
  handlerFor(topic: string): TopicHandler | undefined {
    const exact = this.handlers.get(topic);
    if (exact) return exact;
    const dot = topic.lastIndexOf('.');
    for (let end = dot; end > 0; end = topic.lastIndexOf('.', end - 1)) {
      const wildcard = this.handlers.get(`${topic.slice(0, end)}.*`);
      if (wildcard) return wildcard;
    }
    return undefined;
  }

  /** The registered batch-handler patterns. */
  handlerPatterns(): string[] {
    return [...this.handlers.keys()];
  }

  private async deliver(batch: OutboxEvent[]): Promise<number> {
    const failures = new Map<string, unknown>();
    const groups = new Map<TopicHandler, OutboxEvent[]>();
    const perEvent: OutboxEvent[] = [];
    for (const event of batch) {
      const handler = this.handlerFor(event.topic);
      const accepted = this.delivery?.accepts(event.topic) ?? false;
      if (handler) groups.set(handler, [...(groups.get(handler) ?? []), event]);
      if (accepted) perEvent.push(event);
      if (!handler && !accepted) failures.set(event.id, new Error(`no handler for topic ${event.topic}`));
    }
    for (const [handler, events] of groups) {
      try {
        await handler(events);
      } catch (e) {
        for (const event of events) failures.set(event.id, e);
      }
    }
    const rest = perEvent.filter((e) => !failures.has(e.id));
    if (this.delivery && rest.length > 0) {
      try {
        for (const [id, e] of await this.delivery.deliver(rest)) failures.set(id, e);
      } catch (e) {
        for (const event of rest) failures.set(event.id, e);
      }
    }
    const ok = batch.filter((e) => !failures.has(e.id));
    await markDelivered(
      this.db,
      ok.map((e) => e.id),
    );
    for (const event of ok) this.leased.delete(event.id);
    for (const event of batch) {
      if (!failures.has(event.id)) continue;
      await this.fail(event, failures.get(event.id));
      this.leased.delete(event.id);
    }
    return ok.length;
  }

  private async fail(event: OutboxEvent, error: unknown): Promise<void> {
    const dead = await recordFailure(this.db, event, error, this.options.maxAttempts);
    this.options.log?.(dead ? 'outbox event dead-lettered' : 'outbox delivery failed, will retry', {
      eventId: event.id,
      topic: event.topic,
      attempts: event.attempts + 1,
      error: error instanceof Error ? error.message : String(error),
    });
  }
}
