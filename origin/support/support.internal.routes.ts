/**
 * What conversation objects ask of the origin (signed by the edge): `POST
 * /internal/support/conversations/{id}/sync`, their copies for the inbox, and `POST
 * /internal/support/socket-credentials`, whether their sockets' credentials still hold.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { OriginContext } from '../platform/context';
import { unwrap } from '../platform/errors';
import { jsonBody, jsonResponse, router } from '../platform/openapi';
import { err, ok } from '../platform/result';
import { checkSocketCredentials } from './socket-credentials';
import { ConversationIdParam, SocketCredentialsBody, SocketCredentialsResponse, SyncBody } from './support.schemas';
import { applySync } from './sync';

export function supportInternalRoutes(ctx: OriginContext) {
  return router()
    .openapi(
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
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/support/socket-credentials',
        tags: ['Internal (edge only)'],
        security: [{ edgeSignature: [] }],
        summary:
          'Whether the credentials conversation sockets were opened with still hold (customer sessions, staff sessions, API keys, the root token)',
        request: jsonBody(SocketCredentialsBody),
        responses: { 200: jsonResponse(SocketCredentialsResponse, 'One verdict per credential, in order') },
      }),
      async (c) => c.json({ results: await checkSocketCredentials(ctx, c.req.valid('json').credentials) }, 200),
    );
}
