import { Hono } from 'hono';
import { cartRoutes } from './cart/cart.routes';
import { catalogRoutes } from './catalog/catalog.routes';
import { publishRoutes } from './catalog/publish.routes';
import type { AppEnv } from './lib/context';
import { errorHandler, notFoundHandler } from './lib/errors';
import { requestId } from './lib/request-id';

/** The edge's HTTP surface: public catalog and cart routes, plus the origin's publish hook. */
export const app = new Hono<AppEnv>()
  .use(requestId)
  .route('/', catalogRoutes)
  .route('/', cartRoutes)
  .route('/', publishRoutes)
  .notFound(notFoundHandler)
  .onError(errorHandler);

export type EdgeApp = typeof app;
