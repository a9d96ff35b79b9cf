/**
 * The delivering half of the QStash stand-in: pushes an accepted message to its destination,
 * signed, retries a non-2xx answer with QStash's exponential backoff, and after the last retry
 * moves it to the dead letter queue and calls its failure callback (itself a signed message).
 */
import { signLikeQStash } from './signature';
import type { Timeline } from './timeline';

export interface StoredMessage {
  messageId: string;
  /** The destination URL (also the signature's `sub`). */
  url: string;
  method: string;
  /** Headers the destination receives besides QStash's own: Content-Type and the forwarded ones. */
  headers: Record<string, string>;
  /** The publish request's headers, as the DLQ and failure callbacks report them. */
  sourceHeader: Record<string, string[]>;
  body: string;
  maxRetries: number;
  notBefore: number;
  createdAt: number;
  failureCallback?: string;
  callerIp: string;
  kind: 'message' | 'failure-callback';
}

/** One push to a destination and how it answered (status 0: no answer at all). */
export interface Delivery {
  messageId: string;
  url: string;
  kind: StoredMessage['kind'];
  retried: number;
  status: number;
  /** When the push went out, counting the time let pass with `advance` (to measure backoff). */
  at: number;
  signedWith: 'current' | 'next';
}

/** An entry of `GET /v2/dlq`, shaped like QStash's (`DlqMessage` in the SDK). */
export interface DlqEntry {
  dlqId: string;
  messageId: string;
  url: string;
  method: string;
  header: Record<string, string[]>;
  body: string;
  maxRetries: number;
  notBefore: number;
  createdAt: number;
  failureCallback?: string;
  callerIP: string;
  responseStatus?: number;
  responseHeader?: Record<string, string[]>;
  responseBody?: string;
}

/** How a push reaches its destination: real HTTP by default, or an app's `request` in-process. */
export type PushFetch = (url: string, init: RequestInit) => Promise<Response>;

export interface CourierOptions {
  timeline: Timeline;
  keys: { current: string; next: string };
  fetch: PushFetch;
  /** QStash waits `min(1 day, e^(2.5 n))` seconds before retry n; tests scale that by `retryBaseMs / 1000`. */
  retryBaseMs: number;
  pushTimeoutMs: number;
}

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

export class Courier {
  readonly deliveries: Delivery[] = [];
  readonly dlq: DlqEntry[] = [];
  signWith: 'current' | 'next' = 'current';
  private dlqSeq = 0;

  constructor(private readonly o: CourierOptions) {}

  /** Schedules the first push of an accepted message at its Not-Before time. */
  accept(m: StoredMessage): void {
    this.o.timeline.at(m.notBefore, () => this.attempt(m, 0, true));
  }

  /** Pushes once more without retries, as an at-least-once duplicate. */
  redeliver(m: StoredMessage): Promise<void> {
    return this.attempt(m, 0, false);
  }

  /** Delay before retry `n` (1-based), QStash's curve scaled by the configured base. */
  backoffMs(n: number): number {
    return Math.min(86_400_000, this.o.retryBaseMs * Math.exp(2.5 * n));
  }

  private async attempt(m: StoredMessage, retried: number, retry: boolean): Promise<void> {
    const signedWith = this.signWith;
    const signature = await signLikeQStash(this.o.keys[signedWith], m.url, m.body);
    const headers = {
      ...m.headers,
      'user-agent': 'Upstash-QStash',
      'upstash-signature': signature,
      'upstash-message-id': m.messageId,
      'upstash-retried': String(retried),
      'upstash-caller-ip': m.callerIp,
    };
    let status = 0;
    let answer: { body: string; header: Record<string, string[]>; nonRetryable: boolean } | null = null;
    try {
      const res = await this.o.fetch(m.url, {
        method: m.method,
        headers,
        body: m.method === 'GET' || m.method === 'HEAD' ? undefined : m.body,
        signal: AbortSignal.timeout(this.o.pushTimeoutMs),
      });
      status = res.status;
      const header = Object.fromEntries([...res.headers].map(([k, v]) => [k, [v]]));
      const nonRetryable = status === 489 && res.headers.get('upstash-nonretryable-error') === 'true';
      answer = { body: await res.text(), header, nonRetryable };
    } catch {
      // No answer (refused, reset, timed out): a failed attempt like any non-2xx.
    }
    this.deliveries.push({
      messageId: m.messageId,
      url: m.url,
      kind: m.kind,
      retried,
      status,
      at: this.o.timeline.elapsedNow(),
      signedWith,
    });
    if ((status >= 200 && status < 300) || !retry) return;
    if (retried < m.maxRetries && !answer?.nonRetryable) {
      this.o.timeline.at(this.now() + this.backoffMs(retried + 1), () => this.attempt(m, retried + 1, true));
      return;
    }
    this.deadLetter(m, retried, status, answer);
  }

  private deadLetter(
    m: StoredMessage,
    retried: number,
    status: number,
    answer: { body: string; header: Record<string, string[]> } | null,
  ) {
    const dlqId = `${this.now()}-${this.dlqSeq++}`;
    this.dlq.push({
      dlqId,
      messageId: m.messageId,
      url: m.url,
      method: m.method,
      header: m.sourceHeader,
      body: m.body,
      maxRetries: m.maxRetries,
      notBefore: m.notBefore,
      createdAt: m.createdAt,
      ...(m.failureCallback ? { failureCallback: m.failureCallback } : {}),
      callerIP: m.callerIp,
      ...(answer ? { responseStatus: status, responseHeader: answer.header, responseBody: answer.body } : {}),
    });
    if (!m.failureCallback || m.kind === 'failure-callback') return;
    const payload = {
      status,
      header: answer?.header ?? {},
      body: base64(answer?.body ?? ''),
      retried,
      maxRetries: m.maxRetries,
      dlqId,
      sourceMessageId: m.messageId,
      url: m.url,
      method: m.method,
      sourceHeader: m.sourceHeader,
      sourceBody: base64(m.body),
      notBefore: m.notBefore,
      createdAt: m.createdAt,
      callerIP: m.callerIp,
    };
    const now = this.now();
    this.accept({
      messageId: `${m.messageId}_failure`,
      url: m.failureCallback,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      sourceHeader: {},
      body: JSON.stringify(payload),
      maxRetries: m.maxRetries, // callbacks use the retry setting of the original request
      notBefore: now,
      createdAt: now,
      callerIp: m.callerIp,
      kind: 'failure-callback',
    });
  }

  private now(): number {
    return this.o.timeline.now();
  }
}
