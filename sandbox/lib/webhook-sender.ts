/**
 * Delivers a sandbox service's webhooks like a real provider does: one queue per subject (a
 * payment intent, a parcel) so that its events leave in order, each attempt signed afresh,
 * non-2xx answers and network errors retried with exponential backoff up to a limit. Every
 * delivery is kept (`deliveries`) so tests and curl users can see what was sent.
 */
import { signatureHeader } from './signing';

export interface WebhookEvent {
  id: string;
  type: string;
  createdAt: string;
  data: Record<string, unknown>;
}

export interface Delivery {
  event: WebhookEvent;
  subject: string;
  attempts: number;
  status: 'pending' | 'delivered' | 'failed';
  lastStatus: number | null;
}

export interface WebhookSenderOptions {
  url: string;
  secret: string;
  /** Header carrying the signature, e.g. `Sandbox-Signature`. */
  header: string;
  fetch?: typeof fetch;
  maxAttempts?: number;
  /** First retry delay; doubles per attempt. */
  retryBaseMs?: number;
  now?: () => number;
}

export class WebhookSender {
  readonly deliveries: Delivery[] = [];
  private readonly chains = new Map<string, Promise<void>>();
  private readonly inflight = new Set<Promise<void>>();

  constructor(private readonly options: WebhookSenderOptions) {}

  /** Queues `event` behind the earlier events of the same subject. */
  send(subject: string, event: WebhookEvent): Delivery {
    const delivery: Delivery = { event, subject, attempts: 0, status: 'pending', lastStatus: null };
    this.deliveries.push(delivery);
    const previous = this.chains.get(subject) ?? Promise.resolve();
    const next = previous.then(() => this.deliver(delivery));
    this.chains.set(subject, next);
    this.track(next);
    return delivery;
  }

  /** Sends an already delivered event again, freshly signed (a provider's redelivery). */
  resend(eventId: string): Promise<number | null> {
    const delivery = this.deliveries.find((d) => d.event.id === eventId);
    if (!delivery) return Promise.resolve(null);
    const attempt = this.attempt(delivery.event);
    this.track(attempt.then(() => undefined));
    return attempt;
  }

  /** Resolves when nothing is queued or being retried. */
  async idle(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }

  private track(p: Promise<void>) {
    const tracked = p.catch(() => undefined);
    this.inflight.add(tracked);
    void tracked.finally(() => this.inflight.delete(tracked));
  }

  private async deliver(delivery: Delivery): Promise<void> {
    const max = this.options.maxAttempts ?? 5;
    const base = this.options.retryBaseMs ?? 500;
    while (delivery.attempts < max) {
      delivery.attempts++;
      const status = await this.attempt(delivery.event);
      delivery.lastStatus = status;
      if (status !== null && status >= 200 && status < 300) {
        delivery.status = 'delivered';
        return;
      }
      if (delivery.attempts < max) await new Promise((r) => setTimeout(r, base * 2 ** (delivery.attempts - 1)));
    }
    delivery.status = 'failed';
  }

  /** One signed POST; the answer's status, or null when the receiver could not be reached. */
  private async attempt(event: WebhookEvent): Promise<number | null> {
    const body = JSON.stringify(event);
    const now = this.options.now?.() ?? Date.now();
    try {
      const res = await (this.options.fetch ?? fetch)(this.options.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [this.options.header]: await signatureHeader(this.options.secret, body, now),
        },
        body,
      });
      await res.body?.cancel();
      return res.status;
    } catch {
      return null;
    }
  }
}
