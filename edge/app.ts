import { Hono } from 'hono';
import { cartRoutes } from './cart/cart.routes';
import { catalogRoutes } from './catalog/catalog.routes';
import { publishRoutes } from './catalog/publish.routes';
import { checkoutRoutes } from './checkout/checkout.routes';
import { paymentMethodRoutes } from './checkout/payment-methods.routes';
import { apiCors } from './gateway/cors';
import {
  apiRateLimit,
  authRateLimit,
  checkoutRateLimit,
  conversationRateLimit,
  orderPaymentRateLimit,
} from './gateway/limits';
import { securityHeaders } from './gateway/security-headers';
import type { AppEnv } from './lib/context';
import { errorHandler, notFoundHandler } from './lib/errors';
import { requestId } from './lib/request-id';
import { authRoutes } from './members/auth.routes';
import { meRoutes } from './members/me.routes';
import { orderRoutes } from './orders/orders.routes';
import { orderPaymentRoutes } from './orders/payment.routes';
import { reviewRoutes } from './rating/reviews.routes';
import { pageRoutes } from './storefront/pages.routes';
import { conversationRoutes } from './support/conversation.routes';

/**
 * The edge's HTTP surface: public catalog, cart, checkout and order routes, plus the origin's
 * publish hook, behind the gateway. Order matters: the request id and security headers wrap
 * everything (errors and 404s too); CORS answers preflights before any limit; the API-wide
 * limit runs before the exact per-class ones, so a flood is refused by the cheap check first.
 */
export const app = new Hono<AppEnv>()
  .use(requestId)
  .use(securityHeaders)
  .use('/api/*', apiCors)
  .use('/api/*', apiRateLimit)
  .use('/api/auth/*', authRateLimit)
  .use('/api/carts/:id/checkout', checkoutRateLimit)
  .use('/api/orders/:id/payment', orderPaymentRateLimit)
  .on('POST', '/api/conversations', conversationRateLimit)
  // The storefront's forms count against the same limits as the API they stand for.
  .use('/cart/*', apiRateLimit)
  .use('/checkout', apiRateLimit)
  .on('POST', '/checkout', checkoutRateLimit)
  .use('/orders/*', apiRateLimit)
  .use('/orders/:id/payment', orderPaymentRateLimit)
  .route('/', catalogRoutes)
  .route('/', cartRoutes)
  .route('/', checkoutRoutes)
  .route('/', paymentMethodRoutes)
  .route('/', orderRoutes)
  .route('/', orderPaymentRoutes)
  .route('/', reviewRoutes)
  .route('/', conversationRoutes)
  .route('/', authRoutes)
  .route('/', meRoutes)
  .route('/', publishRoutes)
  .route('/', pageRoutes)
  .notFound(notFoundHandler)
  .onError(errorHandler);

export type EdgeApp = typeof app;
