/** Product reviews and delivery ratings: definitions of the shopper API (see lib/api-spec.ts). */
import { createRoute, z } from '@hono/zod-openapi';
import {
  DeliveryRatingSchema,
  OrderReviewsSchema,
  ProductReviewsPageSchema,
  ShopperReviewSchema,
} from '../../contract/rating';
import {
  error,
  gatewayErrors,
  idParam,
  invalid,
  json,
  jsonBody,
  orderSecurity,
  tooLarge,
  unavailable,
} from '../lib/api-spec';
import { deliveryRatingSchema, reviewBodySchema, reviewPatchSchema, reviewQuerySchema } from './review-schema';

const tags = ['Reviews'];
const notFound = error('No such order, or not the caller’s', 'order_not_found');
const refused = error('Not now', 'reviews_not_open', 'review_exists');
const notInOrder = error('Not a product of this order', 'product_not_in_order');
/** What the origin may refuse on any of an order's review routes; relayed as it gave it. */
const orderRefusals = { 400: invalid, 404: notFound, 409: refused, 422: notInOrder };

export const productReviewsRoute = createRoute({
  method: 'get',
  path: '/api/products/{slug}/reviews',
  tags,
  summary: 'A product’s published reviews and their breakdown',
  request: { params: z.object({ slug: z.string() }), query: reviewQuerySchema },
  responses: {
    200: json(ProductReviewsPageSchema, 'A page of reviews'),
    304: { description: 'Not modified: the `If-None-Match` ETag is current' },
    400: invalid,
    404: error('No such product', 'product_not_found'),
    ...gatewayErrors,
    502: unavailable,
  },
});

export const orderReviewsRoute = createRoute({
  method: 'get',
  path: '/api/orders/{id}/reviews',
  tags,
  summary: 'What the order may review, and what its shopper wrote',
  security: orderSecurity,
  request: { params: idParam },
  responses: {
    200: json(OrderReviewsSchema, 'The order’s reviews'),
    ...orderRefusals,
    ...gatewayErrors,
    502: unavailable,
  },
});

export const postReviewRoute = createRoute({
  method: 'post',
  path: '/api/orders/{id}/reviews',
  tags,
  summary: 'Review a product of a delivered order',
  security: orderSecurity,
  request: { params: idParam, ...jsonBody(reviewBodySchema) },
  responses: {
    201: json(ShopperReviewSchema, 'The review (pending moderation unless the shop publishes at once)'),
    ...orderRefusals,
    413: tooLarge,
    ...gatewayErrors,
    502: unavailable,
  },
});

export const patchReviewRoute = createRoute({
  method: 'patch',
  path: '/api/orders/{id}/reviews/{productId}',
  tags,
  summary: 'Change one’s review',
  security: orderSecurity,
  request: { params: z.object({ id: z.string(), productId: z.string() }), ...jsonBody(reviewPatchSchema) },
  responses: {
    200: json(ShopperReviewSchema, 'The review'),
    ...orderRefusals,
    404: error('No such order or review', 'order_not_found', 'review_not_found'),
    413: tooLarge,
    ...gatewayErrors,
    502: unavailable,
  },
});

export const deliveryRatingRoute = createRoute({
  method: 'put',
  path: '/api/orders/{id}/delivery-rating',
  tags,
  summary: 'Rate how the delivery went (again to change it)',
  security: orderSecurity,
  request: { params: idParam, ...jsonBody(deliveryRatingSchema) },
  responses: {
    200: json(DeliveryRatingSchema, 'The rating'),
    ...orderRefusals,
    413: tooLarge,
    ...gatewayErrors,
    502: unavailable,
  },
});
