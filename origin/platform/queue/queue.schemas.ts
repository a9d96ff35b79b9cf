/** Request and response shapes of the queue's routes (consumer push and merchant admin). */
import { z } from '@hono/zod-openapi';

const topic = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/i, 'a dotted topic name');
const eventId = z.string().regex(/^evt_[0-9A-Za-z]{1,60}$/, 'an event id (evt_…)');

export const TopicParam = z.object({ topic: topic.openapi({ param: { name: 'topic', in: 'path' } }) });

export const EventIdParam = z.object({ id: eventId.openapi({ param: { name: 'id', in: 'path' } }) });

export const QueueMessageSchema = z
  .object({
    id: eventId,
    topic,
    aggregateId: z.string().min(1).max(200),
    payload: z.record(z.string(), z.unknown()),
    createdAt: z.iso.datetime(),
  })
  .openapi('QueueMessage');

/** What QStash posts to a failure callback once it has given up on a message (the fields used here). */
export const QStashFailureSchema = z
  .object({
    status: z.number().int().openapi({ description: 'HTTP status of the last delivery (0: no answer)' }),
    body: z.string().optional().openapi({ description: 'The last answer’s body, base64' }),
    retried: z.number().int().min(0),
    maxRetries: z.number().int().min(0).optional(),
    sourceMessageId: z.string().optional(),
    dlqId: z.string().optional(),
    sourceBody: z.string().min(1).openapi({ description: 'The queue message, base64' }),
  })
  .openapi('QStashFailure');

export const DeadLetteredSchema = z
  .object({
    eventId: z.string(),
    deadLettered: z.boolean().openapi({ description: 'False when the event was not (or no longer) with QStash' }),
  })
  .openapi('QueueDeadLettered');

export const DispatchResultSchema = z
  .object({
    eventId: z.string(),
    applied: z.array(z.string()).openapi({ description: 'Consumers that applied the event now' }),
    skipped: z.array(z.string()).openapi({ description: 'Consumers that had applied it already (duplicate)' }),
  })
  .openapi('QueueDispatchResult');

export const DeadLetterSchema = z
  .object({
    id: z.string(),
    topic: z.string(),
    aggregateId: z.string(),
    payload: z.record(z.string(), z.unknown()),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('DeadLetter');

export const DeadLetterPage = z
  .object({ items: z.array(DeadLetterSchema), nextCursor: z.string().nullable() })
  .openapi('DeadLetterPage');

export const ReplayedSchema = DeadLetterSchema.extend({ status: z.literal('pending') }).openapi('ReplayedEvent');

export const DeadLetterQuery = z
  .object({
    topic: topic.optional(),
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();
