/**
 * Stands in for Upstash QStash, the message queue production publishes the outbox to
 * (`QUEUE_DRIVER=qstash`): no npm package serves one locally, and the SDK's dev server downloads
 * a binary. It speaks the subset of QStash's v2 REST API that the SDK's `Client` and `Receiver`
 * use here, on 127.0.0.1, with real signatures:
 *
 * - `POST /v2/publish/<destination URL>` with `Authorization: Bearer <token>` (401 otherwise)
 *   answers `201 { messageId, url }`; a repeated `Upstash-Deduplication-Id` (or
 *   `Upstash-Content-Based-Deduplication`) answers `202` with the first message's id and queues
 *   nothing. `Upstash-Delay` (`30s`, `5m`, `1h30m`, `2d`) and `Upstash-Not-Before` (unix seconds,
 *   wins over the delay) hold a message; `Upstash-Retries` caps the retries (default 3, the
 *   free plan's); `Upstash-Method`, `Content-Type` and `Upstash-Forward-*` shape the push;
 *   `Upstash-Failure-Callback` is called after the last retry.
 * - Pushes carry `Upstash-Signature` (see signature.ts) signed with the current key, or the next
 *   one after `signWith('next')`, plus `Upstash-Message-Id` and `Upstash-Retried`; see courier.ts
 *   for retries, backoff and the dead letter queue.
 * - `GET /v2/dlq` (filters `url`, `dlqIds`, `count`, `cursor`) and `DELETE /v2/dlq/<dlqId>`.
 *
 * Time (timeline.ts) is the wall clock, like the publishers' and receivers'; `advance(ms)` lets
 * delays and backoff pass at once by bringing what waits closer to due.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Courier, type Delivery, type DlqEntry, type PushFetch, type StoredMessage } from './courier';
import { type ClockMode, Timeline } from './timeline';

export type { Delivery, DlqEntry, PushFetch } from './courier';

export interface StandInOptions {
  token: string;
  currentSigningKey: string;
  nextSigningKey: string;
  /** `manual`: delays and backoff elapse only through `advance` (default); `real`: timers too. */
  clock?: ClockMode;
  /** Scale of the retry backoff; 1000 is QStash's own curve (12 s, 2.5 min, 30 min, …). */
  retryBaseMs?: number;
  /** How pushes reach destinations (default: global fetch, i.e. real HTTP). */
  fetch?: PushFetch;
  pushTimeoutMs?: number;
}

/** A publish request as received, with the stand-in's answer. */
export interface RecordedPublish {
  destination: string;
  /** Request headers, lower-case. */
  headers: Record<string, string>;
  body: string;
  status: number;
  messageId?: string;
}

export interface QStashStandIn {
  url: string;
  publishes: RecordedPublish[];
  deliveries: Delivery[];
  dlq: DlqEntry[];
  /** Which key signs pushes from now on (`next` once QStash has rotated its keys). */
  signWith(key: 'current' | 'next'): void;
  /** Answers publishes with this status (e.g. 500) until called with null. */
  failPublishes(status: number | null): void;
  /** Accepts the next `n` publishes but drops the connection instead of answering (a lost acknowledgement). */
  dropAnswers(n: number): void;
  /** The accepted message published with this deduplication id. */
  messageIdFor(deduplicationId: string): string | undefined;
  /** Pushes an accepted message once more, as QStash's at-least-once delivery may. */
  redeliver(messageId: string): Promise<void>;
  /** Wall-clock epoch milliseconds, the clock `Upstash-Not-Before` is compared with. */
  now(): number;
  /** Milliseconds until the next push is due, or null when nothing waits. */
  nextDueIn(): number | null;
  /** Lets `ms` pass for everything waiting, running what falls due on the way (see Timeline). */
  advance(ms: number): Promise<void>;
  /** Resolves when nothing due is waiting and no push is in flight. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

const DEFAULT_RETRIES = 3;
const UNITS: Record<string, number> = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 };

/** `Upstash-Delay` in milliseconds (`90s`, `5m`, `1h30m`, `2d`), or null when malformed. */
export function parseDelay(value: string): number | null {
  if (!/^(\d+[dhms])+$/.test(value)) return null;
  let ms = 0;
  for (const [, n, unit] of value.matchAll(/(\d+)([dhms])/g)) ms += Number(n) * (UNITS[unit as string] as number);
  return ms;
}

const read = async (req: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

const isUrl = (value: string) => /^https?:\/\//.test(value) && URL.canParse(value);

/** Starts the stand-in on a free port of 127.0.0.1; `close()` it after the tests. */
export async function startQStashStandIn(options: StandInOptions): Promise<QStashStandIn> {
  const errors: unknown[] = [];
  const timeline = new Timeline(options.clock ?? 'manual', (e) => errors.push(e));
  const courier = new Courier({
    timeline,
    keys: { current: options.currentSigningKey, next: options.nextSigningKey },
    fetch: options.fetch ?? ((url, init) => fetch(url, init)),
    retryBaseMs: options.retryBaseMs ?? 1000,
    pushTimeoutMs: options.pushTimeoutMs ?? 15_000,
  });
  const publishes: RecordedPublish[] = [];
  const messages = new Map<string, StoredMessage>();
  const deduplicated = new Map<string, string>();
  let failing: number | null = null;
  let dropping = 0;

  const answer = (res: ServerResponse, status: number, json?: unknown) => {
    if (json === undefined) return void res.writeHead(status).end();
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
  };

  function publish(req: IncomingMessage, destination: string, body: string): [number, unknown] {
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
    const record: RecordedPublish = { destination, headers, body, status: 0 };
    publishes.push(record);
    const reply = (status: number, json: unknown): [number, unknown] => {
      record.status = status;
      return [status, json];
    };
    if (failing) return reply(failing, { error: 'stand-in told to fail' });
    if (!isUrl(destination)) return reply(400, { error: `invalid destination url: ${destination}` });
    const retries = Number(headers['upstash-retries'] ?? DEFAULT_RETRIES);
    if (!Number.isInteger(retries) || retries < 0) return reply(400, { error: 'invalid Upstash-Retries' });
    const delay = headers['upstash-delay'] === undefined ? 0 : parseDelay(headers['upstash-delay']);
    if (delay === null) return reply(400, { error: 'invalid Upstash-Delay' });
    const notBefore = headers['upstash-not-before'];
    if (notBefore !== undefined && !/^\d+$/.test(notBefore)) return reply(400, { error: 'invalid Upstash-Not-Before' });
    const failureCallback = headers['upstash-failure-callback'];
    if (failureCallback !== undefined && !isUrl(failureCallback)) {
      return reply(400, { error: 'invalid Upstash-Failure-Callback' });
    }

    const forwarded: Record<string, string> = {};
    if (headers['content-type']) forwarded['content-type'] = headers['content-type'];
    for (const [k, v] of Object.entries(headers)) {
      if (k.startsWith('upstash-forward-')) forwarded[k.slice('upstash-forward-'.length)] = v;
    }
    const dedupId =
      headers['upstash-deduplication-id'] ??
      (headers['upstash-content-based-deduplication'] === 'true'
        ? createHash('sha256')
            .update(JSON.stringify([destination, body, forwarded]))
            .digest('hex')
        : undefined);
    const existing = dedupId === undefined ? undefined : deduplicated.get(dedupId);
    if (existing) {
      record.messageId = existing;
      return reply(202, { messageId: existing, url: destination, deduplicated: true });
    }

    const now = timeline.now();
    const m: StoredMessage = {
      messageId: `msg_${randomBytes(16).toString('hex')}`,
      url: destination,
      method: headers['upstash-method'] ?? 'POST',
      headers: forwarded,
      sourceHeader: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
      body,
      maxRetries: retries,
      notBefore: notBefore === undefined ? now + delay : Number(notBefore) * 1000,
      createdAt: now,
      ...(failureCallback ? { failureCallback } : {}),
      callerIp: req.socket.remoteAddress ?? '127.0.0.1',
      kind: 'message',
    };
    messages.set(m.messageId, m);
    if (dedupId !== undefined) deduplicated.set(dedupId, m.messageId);
    record.messageId = m.messageId;
    courier.accept(m);
    return reply(201, { messageId: m.messageId, url: destination });
  }

  function listDlq(query: URLSearchParams): unknown {
    const ids = query.getAll('dlqIds');
    const url = query.get('url');
    const matching = courier.dlq.filter((e) => (ids.length === 0 || ids.includes(e.dlqId)) && (!url || e.url === url));
    const start = Number(query.get('cursor') ?? 0);
    const count = Number(query.get('count') ?? 100);
    const page = matching.slice(start, start + count);
    const more = start + count < matching.length;
    return { messages: page, ...(more ? { cursor: String(start + count) } : {}) };
  }

  const server = createServer(async (req, res) => {
    const body = await read(req);
    const path = req.url ?? '/';
    if (req.headers.authorization !== `Bearer ${options.token}`) return answer(res, 401, { error: 'Unauthorized' });
    if (req.method === 'POST' && path.startsWith('/v2/publish/')) {
      const [status, json] = publish(req, path.slice('/v2/publish/'.length), body);
      if (status < 300 && dropping > 0) {
        dropping--;
        return void req.socket.destroy();
      }
      return answer(res, status, json);
    }
    const url = new URL(path, 'http://stand-in');
    if (req.method === 'GET' && url.pathname === '/v2/dlq') return answer(res, 200, listDlq(url.searchParams));
    const dlqId = /^\/v2\/dlq\/([^/]+)$/.exec(url.pathname)?.[1];
    if (req.method === 'DELETE' && dlqId) {
      const index = courier.dlq.findIndex((e) => e.dlqId === decodeURIComponent(dlqId));
      if (index < 0) return answer(res, 404, { error: 'dlq message not found' });
      courier.dlq.splice(index, 1);
      return answer(res, 200);
    }
    answer(res, 404, { error: `no route for ${req.method} ${url.pathname}` });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const idle = async () => {
    await timeline.idle();
    if (errors.length > 0) throw new AggregateError(errors.splice(0), 'QStash stand-in failed');
  };
  return {
    url: `http://127.0.0.1:${port}`,
    publishes,
    deliveries: courier.deliveries,
    dlq: courier.dlq,
    signWith: (key) => {
      courier.signWith = key;
    },
    failPublishes: (status) => {
      failing = status;
    },
    dropAnswers: (n) => {
      dropping = n;
    },
    messageIdFor: (id) => deduplicated.get(id),
    async redeliver(messageId) {
      const m = messages.get(messageId);
      if (!m) throw new Error(`No message ${messageId}`);
      await courier.redeliver(m);
    },
    now: () => timeline.now(),
    nextDueIn: () => timeline.nextDueIn(),
    async advance(ms) {
      await timeline.advance(ms);
      await idle();
    },
    idle,
    async close() {
      timeline.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
