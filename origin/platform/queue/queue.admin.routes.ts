import { createRoute } from '@hono/zod-openapi';
import type { OriginContext } from '../context';
import { HttpError, unwrap } from '../errors';
import { adminErrors, jsonResponse, router } from '../openapi';
import { listDeadLetters, replayDeadLetter } from './dead-letters';
import { DeadLetterPage, DeadLetterQuery, EventIdParam, ReplayedSchema } from './queue.schemas';

const tags = ['Queue'];
const security = [{ adminToken: [] }];

/** Merchant admin for the queue: dead letters listed and replayable (mount under /admin). */
export function queueAdminRoutes(ctx: Pick<OriginContext, 'db' | 'transaction'>) {
  return router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/queue/dead-letters',
        tags,
        security,
        summary: 'Events that exhausted their delivery attempts, newest first',
        request: { query: DeadLetterQuery },
        responses: { 200: jsonResponse(DeadLetterPage, 'A page of dead letters'), ...adminErrors },
      }),
      async (c) => c.json(unwrap(await listDeadLetters(ctx.db, c.req.valid('query'))), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/queue/dead-letters/{id}/replay',
        tags,
        security,
        summary: 'Send a dead letter back for delivery (attempts reset, due now)',
        description: 'Once replayed the event is no longer a dead letter: replaying it again answers 404.',
        request: { params: EventIdParam },
        responses: { 200: jsonResponse(ReplayedSchema, 'The event, pending again'), ...adminErrors },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const replayed = await ctx.transaction((tx) => replayDeadLetter(tx, id));
        if (!replayed.ok) throw new HttpError(replayed.code, replayed.message, 404);
        return c.json(replayed.value, 200);
      },
    );
}
