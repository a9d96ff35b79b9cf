/**
 * Test harness for the card sandbox: a sandbox with fast steps and retries, a recording
 * webhook receiver that checks each signature by recomputing the HMAC itself (node:crypto,
 * independent of the signing helper), and a small API client.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { PaymentIntent } from './card-objects';
import { type CardSandboxOptions, createCardSandbox } from './card-sandbox';

export const SECRET_KEY = 'sk_test_kit';
export const WEBHOOK_SECRET = 'whsec_test_kit';
export const WEBHOOK_URL = 'http://origin.test/webhooks/payments/sandbox-card';

export interface ReceivedEvent {
  id: string;
  type: string;
  createdAt: string;
  data: { object: Record<string, unknown> & { id: string; status: string }; paymentIntent?: PaymentIntent };
}

export interface Received {
  url: string;
  event: ReceivedEvent;
  signatureValid: boolean;
  /** What the receiver answered; null until it has. */
  status: number | null;
}

export interface KitOptions extends Partial<CardSandboxOptions> {
  /** Decides the receiver's answer per delivery attempt (default 200). */
  answer?: (event: ReceivedEvent, attempt: number) => number | Promise<number>;
}

export function verifySignature(header: string | null, body: string, secret = WEBHOOK_SECRET): boolean {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header ?? '');
  if (!match?.[1] || !match[2]) return false;
  if (Math.abs(Date.now() / 1000 - Number(match[1])) > 300) return false;
  const expected = createHmac('sha256', secret).update(`${match[1]}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(match[2], 'hex'));
}

export function startCardSandbox(options: KitOptions = {}) {
  const received: Received[] = [];
  const receiver = (async (input, init) => {
    const body = String(init?.body);
    const entry: Received = {
      url: String(input),
      event: JSON.parse(body),
      signatureValid: verifySignature(new Headers(init?.headers).get('sandbox-signature'), body),
      status: null,
    };
    received.push(entry);
    const attempt = received.filter((r) => r.event.id === entry.event.id).length;
    entry.status = entry.signatureValid ? await (options.answer?.(entry.event, attempt) ?? 200) : 400;
    return new Response(null, { status: entry.status });
  }) as typeof fetch;

  const sandbox = createCardSandbox({
    secretKey: SECRET_KEY,
    webhookSecret: WEBHOOK_SECRET,
    webhookUrl: WEBHOOK_URL,
    publicUrl: 'http://card.test/',
    delayMs: 0,
    fetch: receiver,
    retryBaseMs: 1,
    maxAttempts: 4,
    ...options,
  });

  async function call<T = PaymentIntent>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: T; text: string }> {
    const res = await sandbox.fetch(
      new Request(`http://card.test${path}`, {
        method,
        headers: { authorization: `Bearer ${SECRET_KEY}`, 'content-type': 'application/json', ...headers },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      }),
    );
    const text = await res.text();
    const isJson = res.headers.get('content-type')?.includes('application/json');
    return { status: res.status, body: (isJson ? JSON.parse(text) : text) as T, text };
  }

  async function createIntent(overrides: Record<string, unknown> = {}): Promise<PaymentIntent> {
    const res = await call('POST', '/v1/payment_intents', {
      amount: 2599,
      currency: 'EUR',
      reference: `ord_${crypto.randomUUID().slice(0, 8)}`,
      ...overrides,
    });
    if (res.status !== 201) throw new Error(`create failed: ${res.text}`);
    return res.body;
  }

  /** An intent confirmed with `token` whose steps have all run. */
  async function settledIntent(token: string, overrides: Record<string, unknown> = {}): Promise<PaymentIntent> {
    const intent = await createIntent(overrides);
    await call('POST', `/v1/payment_intents/${intent.id}/confirm`, { token });
    await sandbox.idle();
    return (await call('GET', `/v1/payment_intents/${intent.id}`)).body;
  }

  /** Types of the events delivered (first accepted attempt) for one intent, in arrival order. */
  function delivered(intentId: string): string[] {
    return received.filter((r) => r.status === 200 && subjectOf(r.event) === intentId).map((r) => r.event.type);
  }

  return { sandbox, received, call, createIntent, settledIntent, delivered };
}

function subjectOf(event: ReceivedEvent): string {
  return event.data.paymentIntent?.id ?? event.data.object.id;
}
