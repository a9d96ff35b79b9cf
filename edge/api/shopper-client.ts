/**
 * The typed client of the shopper API: Hono's `hc` over a type built from the same route
 * definitions (`*.api.ts`) that validate requests in the Worker and generate
 * `/api/openapi.json`. Those files are plain data with no Worker types in reach, so the client
 * compiles in Node too (the e2e tests): a renamed path, field or answer fails `tsc` wherever the
 * client is used. shopper-client.test.ts checks that this list is exactly the document's.
 */
import type { OpenAPIHono, RouteConfig } from '@hono/zod-openapi';
import { type ClientRequestOptions, hc } from 'hono/client';
import { addItemRoute, createCartRoute, getCartRoute, removeItemRoute, setQuantityRoute } from '../cart/cart.api';
import { categoriesRoute, listProductsRoute, productRoute } from '../catalog/catalog.api';
import { checkoutRoute, paymentMethodsRoute } from '../checkout/checkout.api';
import { accountRoutes } from '../members/members.api';
import { orderRoute, payAgainRoute, trackingRoute } from '../orders/orders.api';
import {
  deliveryRatingRoute,
  orderReviewsRoute,
  patchReviewRoute,
  postReviewRoute,
  productReviewsRoute,
} from '../rating/reviews.api';
import {
  conversationRoute,
  openConversationRoute,
  postMessageRoute,
  socketRoute,
  ticketRoute,
} from '../support/conversation.api';
import { documentRoute } from './openapi-document';
import { referenceAssetRoute, referencePageRoute } from './reference.api';

/** Every operation of the shopper API's document. */
export const shopperApiRoutes = [
  listProductsRoute,
  productRoute,
  categoriesRoute,
  createCartRoute,
  getCartRoute,
  addItemRoute,
  setQuantityRoute,
  removeItemRoute,
  checkoutRoute,
  paymentMethodsRoute,
  orderRoute,
  trackingRoute,
  payAgainRoute,
  productReviewsRoute,
  orderReviewsRoute,
  postReviewRoute,
  patchReviewRoute,
  deliveryRatingRoute,
  openConversationRoute,
  conversationRoute,
  postMessageRoute,
  ticketRoute,
  socketRoute,
  ...accountRoutes,
  documentRoute,
  referencePageRoute,
  referenceAssetRoute,
] as const;

type Entries<T extends readonly RouteConfig[]> = { [K in keyof T]: { route: T[K]; handler: never } };
// A type only: `openapiRoutes` computes the schema of a list of definitions, as the Worker's does.
declare const api: OpenAPIHono;

/** The shopper API as one Hono app type: what `hc` reads. */
export type ShopperApi = ReturnType<typeof api.openapiRoutes<Entries<typeof shopperApiRoutes>>>;

/**
 * The shopper API at `baseUrl` (the edge): `shop.api.carts[':id'].items.$post({ param, json })`.
 * `options.headers` may be a function (a session's current access token, say).
 */
export function shopperClient(baseUrl: string, options: ClientRequestOptions = {}) {
  return hc<ShopperApi>(baseUrl, options);
}

export type ShopperClient = ReturnType<typeof shopperClient>;
