/**
 * Reviews at the edge. Everyone reads a product's published reviews (cached in L1 like the
 * catalog, dropped on every publish); the holder of an order's token or its signed-in customer
 * reviews its products and rates its delivery once it is delivered. The origin decides; its
 * business answers (409 reviews_not_open, 409 review_exists, 422 product_not_in_order) reach
 * the shopper as they are, and any refusal of the shopper is the same 404 as a missing order.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ratingPaths } from '../../contract/rating';
import { catalogReader, l1Keys } from '../catalog/catalog-cache';
import { sendCached } from '../catalog/send-cached';
import { SLUG_PATTERN } from '../catalog/slug';
import { readConfig } from '../lib/config';
import type { AppContext, AppEnv } from '../lib/context';
import { ApiError, errorResponse } from '../lib/errors';
import { logger } from '../lib/log';
import { noStore } from '../lib/no-store';
import { validJson, validQuery } from '../lib/validate';
import { orderCredential } from '../orders/order-credential';
import { callForOrder } from '../orders/order-origin';
import {
  deliveryRatingSchema,
  normalizeReviewQuery,
  reviewBodySchema,
  reviewPatchSchema,
  reviewQuerySchema,
} from './review-schema';

const MAX_REVIEW_BODY_BYTES = 16 * 1024;
const PRODUCT_ID = /^prod_[0-9A-Za-z]{1,60}$/;

function errorCodeOf(body: string): string | undefined {
  try {
    return (JSON.parse(body) as { error?: { code?: string } }).error?.code;
  } catch {
    return undefined;
  }
}

/** One shopper call about their order, relayed: the origin's answer, or the uniform 404. */
async function forOrder(
  c: AppContext,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH',
  path: (orderId: string) => string,
  body?: unknown,
): Promise<Response> {
  const notFound = () => errorResponse(c, 'order_not_found', 'No such order');
  const who = await orderCredential(c);
  if (!who) return notFound();
  const requestId = c.get('requestId');
  const answer = await callForOrder(readConfig(c.env), method, path(who.orderId), who.credential, requestId, body);
  if (answer.kind === 'unknown') {
    logger.error(answer.reason, { requestId });
    return errorResponse(c, 'origin_unavailable', 'The review service is temporarily unavailable; try again');
  }
  if (answer.status === 404 && errorCodeOf(answer.body) === 'order_not_found') return notFound();
  return c.body(answer.body, answer.status as 200, { 'content-type': 'application/json; charset=UTF-8' });
}

export const reviewRoutes = new Hono<AppEnv>()
  .get('/api/products/:slug/reviews', validQuery(reviewQuerySchema), async (c) => {
    const slug = c.req.param('slug');
    const query = normalizeReviewQuery(c.req.valid('query'));
    const entry = SLUG_PATTERN.test(slug) ? await catalogReader(c).reviews(slug, query) : null;
    if (!entry) throw new ApiError('product_not_found', `No product with slug ${JSON.stringify(slug.slice(0, 200))}`);
    return sendCached(c, entry, l1Keys.reviews(slug, query));
  })
  .get('/api/orders/:id/reviews', noStore, (c) => forOrder(c, 'GET', ratingPaths.orderReviews))
  .post(
    '/api/orders/:id/reviews',
    noStore,
    bodyLimit({ maxSize: MAX_REVIEW_BODY_BYTES }),
    validJson(reviewBodySchema),
    (c) => forOrder(c, 'POST', ratingPaths.orderReviews, c.req.valid('json')),
  )
  .patch(
    '/api/orders/:id/reviews/:productId',
    noStore,
    bodyLimit({ maxSize: MAX_REVIEW_BODY_BYTES }),
    validJson(reviewPatchSchema),
    (c) => {
      const productId = c.req.param('productId');
      if (!PRODUCT_ID.test(productId)) throw new ApiError('invalid_request', 'productId is not a product id');
      return forOrder(c, 'PATCH', (id) => ratingPaths.orderReview(id, productId), c.req.valid('json'));
    },
  )
  .put(
    '/api/orders/:id/delivery-rating',
    noStore,
    bodyLimit({ maxSize: MAX_REVIEW_BODY_BYTES }),
    validJson(deliveryRatingSchema),
    (c) => forOrder(c, 'PUT', ratingPaths.deliveryRating, c.req.valid('json')),
  );
