/**
 * The `sandbox-card` provider: the HTTP API of sandbox/card (a stand-in processor started by
 * `npm start` and the tests). Written exactly as an adapter for a real processor would be:
 * bearer secret key, Idempotency-Key on every mutation, signed webhooks.
 */
import { z } from 'zod';
import { err, ok } from '../platform/result';
import { verifyWebhookSignature } from '../platform/webhooks/signature';
import { type PaymentProvider, type ProviderEvent, type ProviderIntent, ProviderRefusal } from './provider';

export interface SandboxCardOptions {
  url: string;
  secretKey: string;
  webhookSecret: string;
  toleranceSeconds: number;
  fetch: typeof fetch;
}

const Intent = z.object({
  id: z.string(),
  amount: z.number().int(),
  amountCaptured: z.number().int(),
  status: z.enum([
    'requires_confirmation',
    'requires_action',
    'processing',
    'authorized',
    'captured',
    'failed',
    'cancelled',
  ]),
  failureCode: z.string().nullable(),
  nextAction: z.record(z.string(), z.unknown()).nullable(),
});
const Refund = z.object({
  id: z.string(),
  paymentIntent: z.string(),
  amount: z.number().int(),
  status: z.enum(['pending', 'succeeded', 'failed']),
});
const Event = z.object({
  id: z.string().min(1),
  type: z.string(),
  data: z.object({ object: z.record(z.string(), z.unknown()) }),
});

const EVENT_TYPES = {
  'payment_intent.requires_action': 'payment.requires_action',
  'payment_intent.authorized': 'payment.authorized',
  'payment_intent.captured': 'payment.captured',
  'payment_intent.failed': 'payment.failed',
  'payment_intent.cancelled': 'payment.cancelled',
} as const;

const toIntent = (i: z.infer<typeof Intent>): ProviderIntent => ({
  ref: i.id,
  status: i.status,
  nextAction: i.nextAction,
  failureCode: i.failureCode,
});

export function sandboxCardProvider(options: SandboxCardOptions): PaymentProvider {
  async function call<T>(path: string, body: unknown, idempotencyKey: string, schema: z.ZodType<T>): Promise<T> {
    const res = await options.fetch(`${options.url}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${options.secretKey}`,
        'content-type': 'application/json',
        'idempotency-key': idempotencyKey,
      },
      body: JSON.stringify(body),
    });
    const json = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
    if (res.status >= 400 && res.status < 500) {
      throw new ProviderRefusal(json?.error?.code ?? 'refused', json?.error?.message ?? 'Refused', res.status);
    }
    if (!res.ok) throw new Error(`sandbox-card ${path} answered ${res.status}`);
    return schema.parse(json);
  }

  return {
    name: 'sandbox-card',
    async createIntent(input, key) {
      return toIntent(await call('/v1/payment_intents', input, key, Intent));
    },
    async authorize(ref, token, key, authorizeOptions = {}) {
      const body = authorizeOptions.returnUrl ? { token, returnUrl: authorizeOptions.returnUrl } : { token };
      return toIntent(await call(`/v1/payment_intents/${encodeURIComponent(ref)}/confirm`, body, key, Intent));
    },
    async capture(ref, amount, key) {
      return toIntent(await call(`/v1/payment_intents/${encodeURIComponent(ref)}/capture`, { amount }, key, Intent));
    },
    async cancel(ref, key) {
      return toIntent(await call(`/v1/payment_intents/${encodeURIComponent(ref)}/cancel`, {}, key, Intent));
    },
    async refund(ref, amount, key) {
      const refund = await call('/v1/refunds', { paymentIntent: ref, amount }, key, Refund);
      return { ref: refund.id, status: refund.status };
    },
    async verifyWebhook({ headers, body, nowMs }) {
      const signature = headers.get('sandbox-signature') ?? '';
      const verified = await verifyWebhookSignature({
        secrets: [options.webhookSecret],
        header: signature,
        body,
        toleranceSeconds: options.toleranceSeconds,
        nowMs,
      });
      if (!verified.ok) return verified;
      const parsed = Event.safeParse(safeJson(body));
      if (!parsed.success) return err('invalid_request', 'Not a sandbox-card event');
      const event = normalise(parsed.data);
      return event ? ok({ event, signature }) : err('invalid_request', `Unknown event type ${parsed.data.type}`);
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function normalise(e: z.infer<typeof Event>): ProviderEvent | null {
  if (e.type === 'refund.succeeded' || e.type === 'refund.failed') {
    const refund = Refund.safeParse(e.data.object);
    if (!refund.success) return null;
    return {
      id: e.id,
      type: e.type,
      intentRef: refund.data.paymentIntent,
      refundRef: refund.data.id,
      amount: refund.data.amount,
    };
  }
  const type = EVENT_TYPES[e.type as keyof typeof EVENT_TYPES];
  const intent = Intent.safeParse(e.data.object);
  if (!type || !intent.success) return null;
  return {
    id: e.id,
    type,
    intentRef: intent.data.id,
    amount: type === 'payment.captured' ? intent.data.amountCaptured : intent.data.amount,
    failureCode: intent.data.failureCode,
    nextAction: intent.data.nextAction,
  };
}
