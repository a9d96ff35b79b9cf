/**
 * Reviews at the edge. Everyone reads a product's published reviews (cached in L1 like the
 * catalog, dropped on every publish); the holder of an order's token or its signed-in customer
 * reviews its products and rates its delivery once it is delivered. The origin decides; its
 * business answers (409 reviews_not_open, 409 review_exists, 422 product_not_in_order) reach
 * the shopper as they are, and any refusal of the shopper is the same 404 as a missing order.
 */
import { bodyLimit } from 'hono/body-limit';
import type { ErrorBody } from '../../contract/errors';
import { type DeliveryRating, type OrderReviews, ratingPaths, type ShopperReview } from '../../contract/rating';
import { catalogReader, l1Keys } from '../catalog/catalog-cache';
import { sendCached } from '../catalog/send-cached';
import { SLUG_PATTERN } from '../catalog/slug';
import { readConfig } from '../lib/config';
import type { AppContext } from '../lib/context';
import { ApiError, errorResponse } from '../lib/errors';
import { logger } from '../lib/log';
import { noStore } from '../lib/no-store';
import { jsonText, requireJson, router } from '../lib/openapi';
import { orderCredential } from '../orders/order-credential';
import { callForOrder } from '../orders/order-origin';
import { normalizeReviewQuery } from './review-schema';
import {
  deliveryRatingRoute,
  orderReviewsRoute,
  patchReviewRoute,
  postReviewRoute,
  productReviewsRoute,
} from './reviews.api';

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
async function forOrder<T, S extends 200 | 201>(
  c: AppContext,
  success: S,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH',
  path: (orderId: string) => string,
  body?: unknown,
) {
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
  if (answer.status === success) return jsonText<T, S>(c, answer.body, success);
  // The origin's business refusals (409 reviews_not_open, 422 product_not_in_order, …), as it gave them.
  return jsonText<ErrorBody, 400 | 404 | 409 | 422>(c, answer.body, answer.status as 400 | 404 | 409 | 422);
}

const writing = (maxSize: number) => [noStore, bodyLimit({ maxSize }), requireJson];

export const reviewRoutes = router()
  .openapi(productReviewsRoute, async (c) => {
    const { slug } = c.req.valid('param');
    const query = normalizeReviewQuery(c.req.valid('query'));
    const entry = SLUG_PATTERN.test(slug) ? await catalogReader(c).reviews(slug, query) : null;
    if (!entry) throw new ApiError('product_not_found', `No product with slug ${JSON.stringify(slug.slice(0, 200))}`);
    return sendCached(c, entry, l1Keys.reviews(slug, query));
  })
  .openapi({ ...orderReviewsRoute, middleware: noStore }, (c) =>
    forOrder<OrderReviews, 200>(c, 200, 'GET', ratingPaths.orderReviews),
  )
  .openapi({ ...postReviewRoute, middleware: writing(MAX_REVIEW_BODY_BYTES) }, (c) =>
    forOrder<ShopperReview, 201>(c, 201, 'POST', ratingPaths.orderReviews, c.req.valid('json')),
  )
  .openapi({ ...patchReviewRoute, middleware: writing(MAX_REVIEW_BODY_BYTES) }, (c) => {
    const { productId } = c.req.valid('param');
    if (!PRODUCT_ID.test(productId)) throw new ApiError('invalid_request', 'productId is not a product id');
    return forOrder<ShopperReview, 200>(
      c,
      200,
      'PATCH',
      (id) => ratingPaths.orderReview(id, productId),
      c.req.valid('json'),
    );
  })
  .openapi({ ...deliveryRatingRoute, middleware: writing(MAX_REVIEW_BODY_BYTES) }, (c) =>
    forOrder<DeliveryRating, 200>(c, 200, 'PUT', ratingPaths.deliveryRating, c.req.valid('json')),
  );
