/** `/admin/reviews` and `/admin/delivery-ratings`: moderation, public answers, logistics ratings. */
import { createRoute, z } from '@hono/zod-openapi';
import { type AdminVariables, actorOf } from '../members';
import type { OriginContext } from '../platform/context';
import { decodeCursor, encodeCursor } from '../platform/cursor';
import { unwrap } from '../platform/errors';
import { adminErrors, jsonBody, jsonResponse, router } from '../platform/openapi';
import { err, ok } from '../platform/result';
import { deliveryRatingReport } from './delivery-ratings';
import { getReview, listReviews, moderateReview, replyToReview } from './moderation';
import {
  AdminReviewListQuery,
  AdminReviewSchema,
  DeliveryRatingListQuery,
  ModerationBody,
  ReplyBody,
} from './rating.schemas';

const tags = ['Reviews'];
const security = [{ adminToken: [] }];
const ReviewIdParam = z.object({
  id: z
    .string()
    .regex(/^rev_[0-9A-Za-z]+$/)
    .openapi({ param: { name: 'id', in: 'path' } }),
});
const ReviewList = z.object({ items: z.array(AdminReviewSchema), nextCursor: z.string().nullable() });

function afterIdOf(cursor: string | undefined, prefix: string): string | undefined {
  if (!cursor) return undefined;
  const id = decodeCursor(cursor, prefix);
  return id ?? unwrap(err('invalid_cursor', 'The cursor is malformed'));
}

export function reviewAdminRoutes(ctx: OriginContext) {
  /** Publish and reject share everything but the action. */
  const moderation = (action: 'publish' | 'reject') =>
    createRoute({
      method: 'post',
      path: `/reviews/{id}/${action}`,
      tags,
      security,
      summary:
        action === 'publish'
          ? 'Publish a review: shoppers see it and it counts in the product’s rating (idempotent)'
          : 'Reject a review: hidden from shoppers and not counted (idempotent); the note stays internal',
      request: {
        params: ReviewIdParam,
        body: { content: { 'application/json': { schema: ModerationBody } }, required: false },
      },
      responses: { 200: jsonResponse(AdminReviewSchema, 'The review'), ...adminErrors },
    });

  return router<AdminVariables>()
    .openapi(
      createRoute({
        method: 'get',
        path: '/reviews',
        tags,
        security,
        summary: 'Reviews newest first, by status (e.g. pending: the moderation queue), product and rating',
        request: { query: AdminReviewListQuery },
        responses: { 200: jsonResponse(ReviewList, '{ items, nextCursor }'), ...adminErrors },
      }),
      async (c) => {
        const { cursor, ...filter } = c.req.valid('query');
        const page = await listReviews(ctx.db, { ...filter, afterId: afterIdOf(cursor, 'rev') });
        return c.json({ items: page.items, nextCursor: page.lastId ? encodeCursor(page.lastId) : null }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/reviews/{id}',
        tags,
        security,
        summary: 'One review with its order and moderation record',
        request: { params: ReviewIdParam },
        responses: { 200: jsonResponse(AdminReviewSchema, 'The review'), ...adminErrors },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const review = await getReview(ctx.db, id);
        return c.json(unwrap(review ? ok(review) : err('review_not_found', `No review ${id}`)), 200);
      },
    )
    .openapi(moderation('publish'), async (c) => {
      const note = c.req.header('content-type')?.includes('json') ? c.req.valid('json').note : undefined;
      const actor = actorOf(c.get('principal'));
      return c.json(unwrap(await moderateReview(ctx, c.req.valid('param').id, 'publish', actor, note)), 200);
    })
    .openapi(moderation('reject'), async (c) => {
      const note = c.req.header('content-type')?.includes('json') ? c.req.valid('json').note : undefined;
      const actor = actorOf(c.get('principal'));
      return c.json(unwrap(await moderateReview(ctx, c.req.valid('param').id, 'reject', actor, note)), 200);
    })
    .openapi(
      createRoute({
        method: 'put',
        path: '/reviews/{id}/reply',
        tags,
        security,
        summary: 'Answer a review in public (replaces an earlier answer)',
        request: { params: ReviewIdParam, ...jsonBody(ReplyBody) },
        responses: { 200: jsonResponse(AdminReviewSchema, 'The review'), ...adminErrors },
      }),
      async (c) => c.json(unwrap(await replyToReview(ctx, c.req.valid('param').id, c.req.valid('json').body)), 200),
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/reviews/{id}/reply',
        tags,
        security,
        summary: 'Remove the answer to a review',
        request: { params: ReviewIdParam },
        responses: { 200: jsonResponse(AdminReviewSchema, 'The review'), ...adminErrors },
      }),
      async (c) => c.json(unwrap(await replyToReview(ctx, c.req.valid('param').id, null)), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/delivery-ratings',
        tags,
        security,
        summary: 'How deliveries went, newest order first (optionally for one carrier), with the average per carrier',
        request: { query: DeliveryRatingListQuery },
        responses: { 200: jsonResponse(z.any(), '{ items, nextCursor, carriers }'), ...adminErrors },
      }),
      async (c) => {
        const { cursor, ...q } = c.req.valid('query');
        const report = await deliveryRatingReport(ctx.db, { ...q, afterOrderId: afterIdOf(cursor, 'ord') });
        const { lastId, ...rest } = report;
        return c.json({ ...rest, nextCursor: lastId ? encodeCursor(lastId) : null }, 200);
      },
    );
}
