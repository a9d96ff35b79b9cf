/** `POST /internal/support/conversations/{id}/sync`: a conversation object's copies for the inbox (signed by the edge). */
import { createRoute, z } from '@hono/zod-openapi';
import type { OriginContext } from '../context';
import { unwrap } from '../platform/errors';
import { jsonBody, jsonResponse, router } from '../platform/openapi';
import { err, ok } from '../platform/result';
import { ConversationIdParam, SyncBody } from './support.schemas';
import { applySync } from './sync';

export function supportInternalRoutes(ctx: OriginContext) {
  return router().openapi(
    createRoute({
      method: 'post',
      path: '/support/conversations/{id}/sync',
      tags: ['Internal (edge only)'],
      security: [{ edgeSignature: [] }],
      summary: 'Copy a conversation and its new messages into the agent inbox (idempotent by message id)',
      request: { params: ConversationIdParam, ...jsonBody(SyncBody) },
      responses: { 200: jsonResponse(z.object({ stored: z.number() }), 'How many messages were new') },
    }),
    async (c) => {
      const payload = c.req.valid('json');
      const { id } = c.req.valid('param');
      unwrap(
        payload.conversation.id === id ? ok(true) : err('invalid_request', 'The body is about another conversation'),
      );
      return c.json(await ctx.db.transaction((tx) => applySync(tx, payload)), 200);
    },
  );
}
