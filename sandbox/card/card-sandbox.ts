/**
 * A stand-in card processor for development and tests, close enough to a real one (think a
 * minimal Stripe) that the platform's payment code cannot tell the difference: bearer-key API,
 * Idempotency-Key replays, asynchronous authorization and capture, 3-D Secure redirects,
 * refunds, and signed webhooks delivered in order per payment intent with retries.
 */
import { Hono } from 'hono';
import { IdempotencyStore } from '../lib/idempotency';
import { type Delivery, WebhookSender } from '../lib/webhook-sender';
import { authenticateRoutes, BROWSER_PATH } from './authenticate-routes';
import { failure, reply } from './card-http';
import { type CardState, newId } from './card-objects';
import { cardRoutes } from './card-routes';
import { eventsRoutes } from './events-routes';
import { StepClock } from './step-clock';

export interface CardSandboxOptions {
  secretKey: string;
  webhookSecret: string;
  webhookUrl: string;
  /** Base URL used in `nextAction` links, as the shopper's browser reaches this service. */
  publicUrl: string;
  /** Time between a payment's steps; 0 runs each step on the next macrotask. */
  delayMs?: number;
  /** Used to deliver webhooks; tests route it in-process. */
  fetch?: typeof fetch;
  retryBaseMs?: number;
  maxAttempts?: number;
}

export interface CardSandbox {
  app: Hono;
  fetch(req: Request): Promise<Response>;
  /** Resolves when no step is pending and every webhook has been delivered or given up. */
  idle(): Promise<void>;
  deliveries: Delivery[];
  close(): void;
}

export function createCardSandbox(options: CardSandboxOptions): CardSandbox {
  const clock = new StepClock(options.delayMs ?? 300);
  const sender = new WebhookSender({
    url: options.webhookUrl,
    secret: options.webhookSecret,
    header: 'Sandbox-Signature',
    fetch: options.fetch,
    retryBaseMs: options.retryBaseMs,
    maxAttempts: options.maxAttempts,
  });
  const state: CardState = {
    intents: new Map(),
    refunds: new Map(),
    clock,
    publicUrl: options.publicUrl.replace(/\/+$/, ''),
    emit(intentId, type, data) {
      sender.send(intentId, { id: newId('evt'), type, createdAt: new Date().toISOString(), data });
    },
  };
  const store = new IdempotencyStore();

  const app = new Hono();
  app.get('/health', (c) => c.json({ status: 'ok' }));
  app.use('/v1/*', async (c, next) => {
    if (BROWSER_PATH.test(c.req.path)) return next();
    if (c.req.header('authorization') !== `Bearer ${options.secretKey}`) {
      return reply(c, failure('unauthorized', 'Missing or invalid secret key (Authorization: Bearer <key>)'));
    }
    return next();
  });
  app.route('/v1', authenticateRoutes(state, store));
  app.route('/v1', cardRoutes(state, store));
  app.route('/v1', eventsRoutes(sender, store));
  app.notFound((c) => reply(c, failure('not_found', `No route for ${c.req.method} ${c.req.path}`)));
  app.onError((error, c) => {
    console.error('sandbox-card request failed', error);
    return c.json({ error: { code: 'internal_error', message: 'Unexpected sandbox error' } }, 500);
  });

  return {
    app,
    fetch: async (req) => app.fetch(req),
    async idle() {
      // A webhook receiver may call back into the API and schedule new steps, so settle both.
      do {
        await clock.idle();
        await sender.idle();
      } while (clock.pending > 0);
    },
    deliveries: sender.deliveries,
    close: () => clock.close(),
  };
}
