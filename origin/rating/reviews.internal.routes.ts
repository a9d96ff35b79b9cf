/**
 * The rating endpoints the edge calls (signed; the app applies `requireEdgeSignature`): an
 * order's reviews and delivery rating for the holder of its order token (`x-order-token`) or its customer (`x-customer-token`). Anyone
 * else gets the same 404 as for an order that does not exist.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { mayReadOrder } from '../customers';
import type { OriginContext } from '../platform/context';
import { unwrap } from '../platform/errors';
import { jsonBody, jsonResponse, router } from '../platform/openapi';
import { err, ok } from '../platform/result';
import { rateDelivery } from './delivery-ratings';
import {
  DeliveryRatingInputSchema,
  DeliveryRatingSchema,
  OrderReviewsSchema,
  ReviewInputSchema,
  ReviewPatchSchema,
  ShopperReviewSchema,
} from './rating.schemas';
import { editReview, orderReviews, submitReview } from './reviews';

const tags = ['Internal (edge only)'];
const security = [{ edgeSignature: [] }];
const OrderParam = z.object({ id: z.string().min(1).max(64) });
const ProductOfOrderParam = OrderParam.extend({ productId: z.string().regex(/^prod_[0-9A-Za-z]+$/) });
const who = 'for the holder of its order token (x-order-token) or its customer (x-customer-token)';

/** An order's reviews and delivery rating (mounted under /internal). */
export function orderReviewInternalRoutes(ctx: OriginContext) {
  const allowed = async (orderId: string, headers: Record<string, string>) =>
    unwrap((await mayReadOrder(ctx, orderId, headers)) ? ok(true) : err('order_not_found', 'No such order'));

  return router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/orders/{id}/reviews',
        tags,
        security,
        summary: `What a delivered order may review and what was written, ${who}`,
        request: { params: OrderParam },
        responses: { 200: jsonResponse(OrderReviewsSchema, 'OrderReviews') },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        await allowed(id, c.req.header());
        return c.json(await orderReviews(ctx.db, id), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/orders/{id}/reviews',
        tags,
        security,
        summary: `Review a product of a delivered order (one review per product and order), ${who}`,
        request: { params: OrderParam, ...jsonBody(ReviewInputSchema) },
        responses: { 201: jsonResponse(ShopperReviewSchema, 'The review (pending or published)') },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const { productId, ...input } = c.req.valid('json');
        await allowed(id, c.req.header());
        return c.json(unwrap(await submitReview(ctx, id, productId, input)), 201);
      },
    )
    .openapi(
      createRoute({
        method: 'patch',
        path: '/orders/{id}/reviews/{productId}',
        tags,
        security,
        summary: `Edit one's review (it goes back to moderation when reviews are pre-moderated), ${who}`,
        request: { params: ProductOfOrderParam, ...jsonBody(ReviewPatchSchema) },
        responses: { 200: jsonResponse(ShopperReviewSchema, 'The review') },
      }),
      async (c) => {
        const { id, productId } = c.req.valid('param');
        await allowed(id, c.req.header());
        return c.json(unwrap(await editReview(ctx, id, productId, c.req.valid('json'))), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/orders/{id}/delivery-rating',
        tags,
        security,
        summary: `Rate how the delivery of an order went (again to change it), ${who}`,
        request: { params: OrderParam, ...jsonBody(DeliveryRatingInputSchema) },
        responses: { 200: jsonResponse(DeliveryRatingSchema, 'DeliveryRating') },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        await allowed(id, c.req.header());
        return c.json(unwrap(await rateDelivery(ctx, id, c.req.valid('json'))), 200);
      },
    );
}
