/**
 * `sandbox-carrier`: a stand-in parcel carrier with the shape of the real ones (bearer API key,
 * Idempotency-Key on every POST, JSON errors, signed webhooks). A shipment gets a tracking
 * number and a label at once, then moves along its scenario's path on a clock (`stepMs`) or
 * one step per `POST /v1/shipments/:id/advance`, and every move is sent to `webhookUrl` as a
 * `tracking.updated` event signed in the `Carrier-Signature` header. Runs as its own process
 * (server.ts) or in-process in tests (`fetch`).
 */

import type { Context } from 'hono';
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import { IdempotencyStore } from '../lib/idempotency';
import { WebhookSender } from '../lib/webhook-sender';
import { labelPdf } from './label';
import { parcelView, SCENARIOS } from './parcel';
import { ParcelBook } from './parcel-book';

export const CARRIER_SIGNATURE_HEADER = 'Carrier-Signature';

export interface CarrierSandboxOptions {
  apiKey: string;
  webhookSecret: string;
  /** Where tracking webhooks go (the origin's `/webhooks/carriers/sandbox-carrier`). */
  webhookUrl: string;
  /** This service's own base URL, for label links. */
  publicUrl: string;
  /** Milliseconds between automatic steps (default 2000); 0 → only `advance` moves parcels. */
  stepMs?: number;
  /** How webhooks are sent (tests call the receiver in-process). */
  fetch?: typeof fetch;
  retryBaseMs?: number;
  maxAttempts?: number;
  now?: () => number;
}

const text = (max: number) => z.string().trim().min(1).max(max);
const CreateShipment = z.object({
  reference: text(100),
  address: z.object({
    name: text(200),
    line1: text(200),
    line2: z.string().max(200).optional(),
    city: text(100),
    postalCode: text(20),
    country: z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code'),
  }),
  items: z
    .array(z.object({ sku: text(100), quantity: z.number().int().min(1).max(100_000) }))
    .min(1)
    .max(200),
  scenario: z.enum(SCENARIOS).default('deliver'),
});

type Answer = { status: number; body: unknown };
const error = (status: number, code: string, message: string): Answer => ({
  status,
  body: { error: { code, message } },
});

function sameSecret(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

export function createCarrierSandbox(options: CarrierSandboxOptions) {
  const publicUrl = options.publicUrl.replace(/\/$/, '');
  const sender = new WebhookSender({
    url: options.webhookUrl,
    secret: options.webhookSecret,
    header: CARRIER_SIGNATURE_HEADER,
    fetch: options.fetch,
    retryBaseMs: options.retryBaseMs,
    maxAttempts: options.maxAttempts,
    now: options.now,
  });
  const book = new ParcelBook(sender, options.stepMs ?? 2000, options.now);
  const idempotency = new IdempotencyStore();
  const reply = (c: Context, a: Answer) => c.json(a.body as object, a.status as ContentfulStatusCode);

  /** Every POST: the same Idempotency-Key and body replay the first answer. */
  async function idempotent(c: Context, produce: (raw: string) => Promise<Answer> | Answer) {
    const raw = await c.req.text();
    const key = c.req.header('idempotency-key');
    if (key !== undefined && (key.length === 0 || key.length > 255)) {
      return reply(c, error(400, 'invalid_request', 'Idempotency-Key must be 1..255 characters'));
    }
    const answer = await idempotency.run(`${options.apiKey} ${c.req.method} ${c.req.path}`, key, raw, async () =>
      produce(raw),
    );
    if (answer === 'mismatch') {
      return reply(c, error(422, 'idempotency_key_reused', 'This Idempotency-Key was used with another body'));
    }
    return reply(c, answer);
  }

  const view = (id: string) => {
    const parcel = book.get(id);
    return parcel ? parcelView(parcel, publicUrl) : null;
  };
  const notFound = (id: string) => error(404, 'shipment_not_found', `No shipment ${id}`);

  const app = new Hono()
    .get('/health', (c) => c.json({ status: 'ok' }))
    .get('/labels/:file', (c) => {
      const id = /^(cs_[0-9a-f]+)\.pdf$/.exec(c.req.param('file'))?.[1];
      const parcel = id ? book.get(id) : undefined;
      if (!parcel) return reply(c, error(404, 'label_not_found', 'No such label'));
      return c.body(labelPdf(parcel), 200, { 'content-type': 'application/pdf' });
    })
    .use('/v1/*', async (c, next) => {
      const header = c.req.header('authorization') ?? '';
      const presented = /^Bearer (.+)$/i.exec(header)?.[1] ?? '';
      if (!sameSecret(presented, options.apiKey)) {
        return reply(c, error(401, 'unauthorized', 'A valid API key is required (Authorization: Bearer …)'));
      }
      await next();
    })
    .post('/v1/shipments', (c) =>
      idempotent(c, (raw) => {
        let json: unknown;
        try {
          json = JSON.parse(raw);
        } catch {
          return error(400, 'invalid_json', 'The body is not JSON');
        }
        const parsed = CreateShipment.safeParse(json);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          return error(400, 'invalid_request', `${issue?.path.join('.')}: ${issue?.message}`);
        }
        const parcel = book.create(parsed.data);
        return { status: 201, body: parcelView(parcel, publicUrl) };
      }),
    )
    .get('/v1/shipments/:id', (c) => {
      const found = view(c.req.param('id'));
      return reply(c, found ? { status: 200, body: found } : notFound(c.req.param('id')));
    })
    .post('/v1/shipments/:id/advance', (c) =>
      idempotent(c, () => {
        const id = c.req.param('id');
        const moved = book.advance(id);
        if (moved === 'not_found') return notFound(id);
        if (moved === 'final') return error(409, 'shipment_final', 'The parcel has reached its final status');
        return { status: 200, body: parcelView(moved, publicUrl) };
      }),
    )
    .post('/v1/shipments/:id/cancel', (c) =>
      idempotent(c, () => {
        const id = c.req.param('id');
        const cancelled = book.cancel(id);
        if (cancelled === 'not_found') return notFound(id);
        if (cancelled === 'not_cancellable') {
          return error(409, 'shipment_not_cancellable', 'The parcel was already picked up');
        }
        return { status: 200, body: parcelView(cancelled, publicUrl) };
      }),
    )
    .post('/v1/events/:id/resend', async (c) => {
      const status = await sender.resend(c.req.param('id'));
      if (status === null && !sender.deliveries.some((d) => d.event.id === c.req.param('id'))) {
        return reply(c, error(404, 'event_not_found', 'No such event'));
      }
      return c.json({ id: c.req.param('id'), receiverStatus: status }, 200);
    })
    .notFound((c) => reply(c, error(404, 'not_found', `No route for ${c.req.method} ${c.req.path}`)))
    .onError((e, c) => reply(c, error(500, 'internal_error', e instanceof Error ? e.message : String(e))));

  return {
    app,
    fetch: async (request: Request): Promise<Response> => app.fetch(request),
    /** Resolves when no webhook is queued or being retried. */
    idle: () => sender.idle(),
    /** Every webhook sent, with its attempts and outcome. */
    deliveries: sender.deliveries,
    /** Sends an already sent event again, freshly signed (a carrier's redelivery). */
    resend: (eventId: string) => sender.resend(eventId),
    close: () => book.close(),
  };
}

export type CarrierSandbox = ReturnType<typeof createCarrierSandbox>;
