/**
 * Events between subsystems. A relay delivers every event it claims; a consumer of a subsystem
 * this instance does not serve (ORIGIN_SERVICES) is replaced by a forwarder, which hands the
 * event, signed, to `POST <SERVICES_URL>/queue/s/<service>/<topic>` (the load balancer routes it
 * to that service's pool); the instance there runs its own consumers of the topic, each once
 * (runOnce), and a batch handler of the topic if it has one (the catalog's publisher). A refused
 * or failed forward fails the delivery, so the relay retries it with backoff, then dead-letters
 * it, as for a local consumer. The forward runs before (never inside) a database transaction.
 */
import { Hono } from 'hono';
import { signInternalRequest } from '../../../contract/signing';
import { requireEdgeSignature } from '../auth';
import type { OriginContext } from '../context';
import { errorBody } from '../errors';
import type { OutboxEvent } from '../outbox/outbox';
import { toMessage } from './qstash-transport';
import { QueueMessageSchema } from './queue.schemas';

const FORWARD_TIMEOUT_MS = 10_000;

/** Sends `event` to the instances serving `service`; throws unless they applied it. */
export async function forwardEvent(ctx: OriginContext, service: string, event: OutboxEvent): Promise<void> {
  const path = `/queue/s/${service}/${event.topic}`;
  const body = JSON.stringify(toMessage(event));
  const headers = await signInternalRequest(ctx.config.internalSecret, 'POST', path, body);
  const res = await ctx.serviceFetch(`${ctx.config.services.url}${path}`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body,
    signal: AbortSignal.timeout(FORWARD_TIMEOUT_MS),
  });
  if (!res.ok) throw new Error(`forward of ${event.id} to ${service} answered ${res.status}: ${await res.text()}`);
}

/** `POST /queue/s/<service>/<topic>` (mount under /queue/s): a forwarded event, for this service. */
export function forwardedEventRoutes(ctx: OriginContext) {
  const app = new Hono();
  app.use('*', requireEdgeSignature(ctx.config.internalSecret, { cache: ctx.cache, log: ctx.log }));
  app.post('/:service/:topic', async (c) => {
    const service = c.req.param('service');
    if (!(ctx.config.services.local as readonly string[]).includes(service)) {
      return c.json(errorBody('not_found', `This instance does not serve ${service}`), 404);
    }
    const message = QueueMessageSchema.safeParse(await c.req.json().catch(() => null));
    if (!message.success || message.data.topic !== c.req.param('topic')) {
      return c.json(errorBody('invalid_request', 'Not a queue message of this topic'), 400);
    }
    const event: OutboxEvent = { ...message.data, attempts: 0, createdAt: new Date(message.data.createdAt) };
    try {
      return c.json(await ctx.queue.receive(service, event), 200);
    } catch (e) {
      ctx.log.warn('forwarded event failed here; the sender retries', {
        eventId: event.id,
        topic: event.topic,
        error: e instanceof Error ? e.message : String(e),
      });
      return c.json(errorBody('consumer_failed', e instanceof Error ? e.message : String(e)), 500);
    }
  });
  return app;
}
