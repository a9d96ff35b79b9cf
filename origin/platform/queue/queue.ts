/**
 * The queue port. Producers write outbox rows (`enqueue` in their transaction); consumers
 * register here. How a due row reaches its consumers is the transport's business: in-process
 * (local driver) or pushed by QStash to `POST /queue/:topic` (qstash driver). Either way each
 * consumer runs through `runOnce`, so a redelivery is a no-op, and retries, backoff and
 * dead letters follow the same rules.
 */
import type { Database } from '../../../db/client';
import { type Logger, silentLogger } from '../logger';
import type { OutboxEvent } from '../outbox/outbox';
import { OutboxRelay, type RelayOptions, type TopicHandler, topicMatches } from '../outbox/relay';
import { runOnce, type Transaction } from './run-once';

/** An idempotent-by-construction consumer: runs in the transaction that records the event as processed. */
export type ConsumerHandler<P = undefined> = (event: OutboxEvent, tx: Transaction, prepared?: P) => Promise<void>;

export interface Consumer {
  topic: string;
  name: string;
  handler: ConsumerHandler<unknown>;
  /**
   * Runs before the consumer's transaction, its result handed to the handler: for what must not
   * be done inside it (asking another service, which may be this very database on another
   * connection). It may run again for a redelivery, so it must only read.
   */
  before?: (event: OutboxEvent) => Promise<unknown>;
  /** The subsystem it belongs to (a forwarded event runs only its service's consumers). */
  owner?: string;
}

/** What registering a consumer may say besides its handler. */
export interface ConsumeOptions<P> {
  before?: (event: OutboxEvent) => Promise<P>;
  owner?: string;
}

export interface DispatchResult {
  /** Consumers that applied the event now. */
  applied: string[];
  /** Consumers that had already applied it (a duplicate delivery). */
  skipped: string[];
}

export type QueueDriver = 'local' | 'qstash';

/** How consumer deliveries leave the relay. */
export interface QueueTransport {
  readonly driver: QueueDriver;
  /** Sends due events towards their consumers; returns the errors of those that failed, by id. */
  send(events: OutboxEvent[]): Promise<Map<string, unknown>>;
  /** Runs at the start of each relay round. */
  beforeRound?(): Promise<number>;
}

/** Checks the signature of a push (qstash driver only). */
export interface PushVerifier {
  /** The URL QStash was asked to call for a topic (the `sub` claim must equal it). */
  urlFor(topic: string): string;
  /** The failure callback URL QStash was given for a topic. */
  failureUrlFor(topic: string): string;
  verify(request: { signature: string; body: string; url: string }): Promise<boolean>;
}

/** A consumer failed (the others for the event have run and kept their effects). */
export class ConsumerError extends Error {
  constructor(
    readonly eventId: string,
    readonly failures: { consumer: string; error: unknown }[],
  ) {
    super(
      failures.map((f) => `${f.consumer}: ${f.error instanceof Error ? f.error.message : String(f.error)}`).join('; '),
    );
    this.name = 'ConsumerError';
  }
}

const TOPIC = /^[a-z0-9_-]+(\.[a-z0-9_-]+)*(\.\*)?$/i;
const NAME = /^[a-z0-9_.:-]{1,100}$/i;

/** Consumers and batch handlers of the outbox, and the relay that feeds them (see the file comment). */
export class Queue {
  readonly relay: OutboxRelay;
  private readonly consumers: Consumer[] = [];
  private transport: QueueTransport;
  private verifier: PushVerifier | null = null;
  private owner: string | undefined;
  /** The service of each batch handler, by the first segment of its topic pattern. */
  private readonly handlerOwners = new Map<string, string | undefined>();

  constructor(
    readonly db: Database,
    options: RelayOptions,
    readonly log: Logger = silentLogger,
  ) {
    this.transport = {
      driver: 'local',
      send: async (events) => {
        const failures = new Map<string, unknown>();
        for (const event of events) await this.dispatch(event).catch((e) => failures.set(event.id, e));
        return failures;
      },
    };
    this.relay = new OutboxRelay(db, options).through({
      accepts: (topic) => this.consumersOf(topic).length > 0,
      deliver: (events) => this.transport.send(events),
      beforeRound: async () => (await this.transport.beforeRound?.()) ?? 0,
    });
  }

  get driver(): QueueDriver {
    return this.transport.driver;
  }

  /** The push verifier when QStash delivers, else null (the consumer routes then answer 404). */
  get push(): PushVerifier | null {
    return this.verifier;
  }

  /** Replaces the in-process transport (createQueue does this for QStash). */
  use(transport: QueueTransport, verifier: PushVerifier | null = null): this {
    this.transport = transport;
    this.verifier = verifier;
    return this;
  }

  /**
   * Registers a batch handler, always run in-process by the relay (one per topic pattern; it
   * must be idempotent by nature, like the catalog publisher that pushes current state).
   */
  on(topic: string, handler: TopicHandler): this {
    this.relay.on(topic, handler);
    this.handlerOwners.set(topic.split('.')[0] ?? '', this.owner);
    return this;
  }

  /**
   * Declares topics that are published for subscribers still to come (e.g. `order.placed`
   * before payments listen to it): with no consumer their events are delivered as no-ops,
   * whereas a topic nobody declared is dead-lettered as unknown (a typo must not vanish).
   */
  announce(...topics: string[]): this {
    for (const topic of topics) this.relay.on(topic, async () => {});
    return this;
  }

  /**
   * Registers consumer `name` for a topic (`prefix.*` for a whole family). It gets each event
   * once per name even when delivered many times, and must tolerate any order.
   */
  consume(topic: string, name: string, handler: ConsumerHandler): this;
  consume<P>(topic: string, name: string, handler: ConsumerHandler<P>, options: ConsumeOptions<P>): this;
  consume<P>(topic: string, name: string, handler: ConsumerHandler<P>, options: ConsumeOptions<P> = {}): this {
    if (!TOPIC.test(topic)) throw new Error(`Invalid topic pattern "${topic}"`);
    if (!NAME.test(name)) throw new Error(`Invalid consumer name "${name}"`);
    if (this.consumers.some((c) => c.name === name && c.topic === topic)) {
      throw new Error(`Consumer "${name}" is already registered for ${topic}`);
    }
    this.consumers.push({
      topic,
      name,
      handler: handler as ConsumerHandler<unknown>,
      before: options.before,
      owner: options.owner ?? this.owner,
    });
    return this;
  }

  consumersOf(topic: string): Consumer[] {
    return this.consumers.filter((c) => topicMatches(c.topic, topic));
  }

  /** Topic patterns that have consumers. */
  consumerPatterns(): string[] {
    return [...new Set(this.consumers.map((c) => c.topic))];
  }

  /**
   * Runs every consumer of the event's topic, each through `runOnce`. Throws `ConsumerError`
   * when any failed, after the others have run.
   */
  async dispatch(event: OutboxEvent, only: (c: Consumer) => boolean = () => true): Promise<DispatchResult> {
    const result: DispatchResult = { applied: [], skipped: [] };
    const failures: ConsumerError['failures'] = [];
    for (const consumer of this.consumersOf(event.topic).filter(only)) {
      try {
        const prepared = consumer.before ? await consumer.before(event) : undefined;
        const run = await runOnce(this.db, consumer.name, event.id, (tx) => consumer.handler(event, tx, prepared));
        (run.applied ? result.applied : result.skipped).push(consumer.name);
      } catch (error) {
        failures.push({ consumer: consumer.name, error });
      }
    }
    if (result.applied.length > 0) this.kick(); // a consumer may have written events of its own
    if (failures.length > 0) throw new ConsumerError(event.id, failures);
    return result;
  }

  /**
   * An event forwarded for `service` by another subsystem's relay (forwarding.ts): that
   * service's batch handler of the topic, if any, then its consumers, each once.
   */
  async receive(service: string, event: OutboxEvent): Promise<DispatchResult> {
    const handler = this.relay.handlerFor(event.topic);
    if (handler && this.handlerOwners.get(event.topic.split('.')[0] ?? '') === service) await handler([event]);
    return this.dispatch(event, (c) => c.owner === service);
  }

  /** Consumers registered from now on belong to `owner` (until `ownedBy` is called again). */
  ownedBy(owner: string | undefined): this {
    this.owner = owner;
    return this;
  }

  start(): void {
    this.relay.start();
  }

  stop(): Promise<void> {
    return this.relay.stop();
  }

  /** Asks for a relay round now (after a commit that wrote events). */
  kick(): void {
    this.relay.kick();
  }

  /** Delivers everything due now; returns how many events went out successfully. */
  drain(): Promise<number> {
    return this.relay.drain();
  }
}
