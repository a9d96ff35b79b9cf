/**
 * Operator and test helpers over the webhooks sent: list an intent's events with how their
 * delivery went, and redeliver one the way a provider's dashboard does.
 */
import { Hono } from 'hono';
import type { IdempotencyStore } from '../lib/idempotency';
import type { WebhookSender } from '../lib/webhook-sender';
import { failure, handlePost } from './card-http';
import { emptyBody } from './card-schemas';

export function eventsRoutes(sender: WebhookSender, store: IdempotencyStore): Hono {
  const api = new Hono();

  api.get('/events', (c) => {
    const intentId = c.req.query('paymentIntent');
    const items = sender.deliveries
      .filter((d) => !intentId || d.subject === intentId)
      .map((d) => ({
        ...d.event,
        delivery: { status: d.status, attempts: d.attempts, lastStatus: d.lastStatus },
      }));
    return c.json({ items });
  });

  api.post('/events/:id/resend', (c) =>
    handlePost(c, store, emptyBody, async () => {
      const id = c.req.param('id');
      if (!sender.deliveries.some((d) => d.event.id === id)) return failure('not_found', `No such event: ${id}`);
      return { status: 200, body: { status: await sender.resend(id) } };
    }),
  );

  return api;
}
