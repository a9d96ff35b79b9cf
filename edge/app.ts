import { Hono } from 'hono';
import { cartRoutes } from './cart/cart.routes';
import { catalogRoutes } from './catalog/catalog.routes';
import { publishRoutes } from './catalog/publish.routes';
import { checkoutRoutes } from './checkout/checkout.routes';
import { paymentMethodRoutes } from './checkout/payment-methods.routes';
import type { AppEnv } from './lib/context';
import { errorHandler, notFoundHandler } from './lib/errors';
import { requestId } from './lib/request-id';
import { orderRoutes } from './orders/orders.routes';

/** The edge's HTTP surface: public catalog, cart, checkout and order routes, plus the origin's publish hook. */
export const app = new Hono<AppEnv>()
  .use(requestId)
  .route('/', catalogRoutes)
  .route('/', cartRoutes)
  .route('/', checkoutRoutes)
  .route('/', paymentMethodRoutes)
  .route('/', orderRoutes)
  .route('/', publishRoutes)
  .notFound(notFoundHandler)
  .onError(errorHandler);

export type EdgeApp = typeof app;
