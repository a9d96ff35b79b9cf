import { createRoute } from '@hono/zod-openapi';
import { createMiddleware } from 'hono/factory';
import { errorBody, HttpError } from '../errors';
import { jsonBody, jsonResponse, router } from '../openapi';
import { ErrorSchema } from '../schemas';
import { deadLetterHandedOver } from './dead-letters';
import { ConsumerError, type PushVerifier, type Queue } from './queue';
import {
  DeadLetteredSchema,
  DispatchResultSchema,
  QStashFailureSchema,
  QueueMessageSchema,
  TopicParam,
} from './queue.schemas';

/**
 * Refuses a push unless QStash delivery is on and `Upstash-Signature` verifies against the raw
 * body and the URL QStash was told to call for this topic (not the URL as this server sees it,
 * which a proxy may have rewritten).
 */
function requireQStashSignature(queue: Queue, urlOf: (push: PushVerifier, topic: string) => string) {
  return createMiddleware(async (c, next) => {
    const push = queue.push;
    if (!push) return c.json(errorBody('not_found', 'Queue pushes are not enabled (QUEUE_DRIVER=local)'), 404);
    const signature = c.req.header('upstash-signature') ?? '';
    const body = await c.req.raw.clone().text();
    const url = urlOf(push, c.req.param('topic') ?? '');
    if (!(await push.verify({ signature, body, url }))) {
      return c.json(errorBody('unauthorized', 'Missing, stale or invalid Upstash-Signature'), 401);
    }
    await next();
  });
}

/** Decodes base64 text (how QStash carries bodies in a failure callback); '' when malformed. */
function fromBase64(text: string): string {
  try {
    return new TextDecoder().decode(Uint8Array.from(atob(text), (ch) => ch.charCodeAt(0)));
  } catch {
    return '';
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The readable part of the consumer route's last answer, for the dead letter's `lastError`. */
function lastAnswer(failure: { status: number; body?: string }): string {
  if (failure.status === 0) return 'no answer';
  const text = failure.body ? fromBase64(failure.body) : '';
  const json = parseJson(text) as { error?: { message?: string } } | undefined;
  return `${failure.status} ${json?.error?.message ?? text}`.trim().slice(0, 500);
}

const errors = {
  400: jsonResponse(ErrorSchema, 'Malformed message'),
  401: jsonResponse(ErrorSchema, 'Missing, stale or invalid signature'),
  404: jsonResponse(ErrorSchema, 'No consumer for this topic, or QStash delivery is off'),
  500: jsonResponse(ErrorSchema, 'A consumer failed; QStash retries'),
} as const;

/**
 * `POST /queue/:topic`, where QStash pushes queue messages, and `POST /queue/:topic/failed`,
 * where it reports a message it gave up on (mount under /queue).
 */
export function queueConsumerRoutes(queue: Queue) {
  const app = router();
  app.openAPIRegistry.registerComponent('securitySchemes', 'upstashSignature', {
    type: 'apiKey',
    in: 'header',
    name: 'Upstash-Signature',
    description: 'JWT signed by QStash with the current or next signing key over the URL and body hash',
  });
  return app
    .openapi(
      createRoute({
        method: 'post',
        path: '/{topic}/failed',
        tags: ['Queue'],
        security: [{ upstashSignature: [] }],
        summary: 'Dead-letter a message QStash gave up on (its failure callback)',
        description:
          'The event becomes a dead letter in the merchant admin, replayable like any other. ' +
          'Answered 200 also when there is nothing to change (a repeated callback).',
        middleware: [requireQStashSignature(queue, (push, topic) => push.failureUrlFor(topic))] as const,
        request: { params: TopicParam, ...jsonBody(QStashFailureSchema) },
        responses: { 200: jsonResponse(DeadLetteredSchema, 'Recorded, or nothing to record'), ...errors },
      }),
      async (c) => {
        const { topic } = c.req.valid('param');
        const failure = c.req.valid('json');
        const message = QueueMessageSchema.safeParse(parseJson(fromBase64(failure.sourceBody)));
        if (!message.success || message.data.topic !== topic) {
          throw new HttpError('invalid_request', `sourceBody is not a message of ${topic}`, 400);
        }
        const eventId = message.data.id;
        const deliveries = failure.retried + 1;
        const error = `QStash gave up after ${deliveries} deliveries; last answer: ${lastAnswer(failure)}`;
        const deadLettered = await deadLetterHandedOver(queue.db, eventId, { deliveries, error });
        queue.log.error('queue event dead-lettered by QStash', { eventId, topic, deliveries, deadLettered });
        return c.json({ eventId, deadLettered }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/{topic}',
        tags: ['Queue'],
        security: [{ upstashSignature: [] }],
        summary: 'Deliver one queue message to the consumers of its topic (called by QStash)',
        description: 'A duplicate delivery is answered 200 and changes nothing; a failed consumer answers 500.',
        middleware: [requireQStashSignature(queue, (push, topic) => push.urlFor(topic))] as const,
        request: { params: TopicParam, ...jsonBody(QueueMessageSchema) },
        responses: { 200: jsonResponse(DispatchResultSchema, 'Applied or already applied'), ...errors },
      }),
      async (c) => {
        const { topic } = c.req.valid('param');
        const message = c.req.valid('json');
        if (message.topic !== topic) {
          throw new HttpError('invalid_request', `Message of ${message.topic} pushed to ${topic}`, 400);
        }
        if (queue.consumersOf(topic).length === 0) {
          throw new HttpError('not_found', `No consumer for topic ${topic}`, 404);
        }
        const retried = Number.parseInt(c.req.header('upstash-retried') ?? '0', 10);
        const event = {
          ...message,
          createdAt: new Date(message.createdAt),
          attempts: Number.isNaN(retried) ? 0 : retried,
        };
        try {
          const result = await queue.dispatch(event);
          return c.json({ eventId: event.id, ...result }, 200);
        } catch (e) {
          if (!(e instanceof ConsumerError)) throw e;
          queue.log.error('queue consumer failed', { eventId: event.id, topic, error: e.message });
          const names = e.failures.map((f) => f.consumer).join(', ');
          throw new HttpError('consumer_failed', `Consumer failed: ${names}`, 500);
        }
      },
    );
}
