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
