import { $ } from '@hono/zod-openapi';
import { documentRoute, OPENAPI_PATH, openApiDocument } from './api/openapi-document';
import { referenceRoutes } from './api/reference.routes';
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
import { errorHandler, notFoundHandler } from './lib/errors';
import { router } from './lib/openapi';
import { requestId } from './lib/request-id';
import { authRoutes } from './members/auth.routes';
import { meRoutes } from './members/me.routes';
import { accountRoutes } from './members/members.api';
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
const routes = $(
  router()
    .use(requestId)
    .use(securityHeaders)
    // Liveness for load balancers and monitors: the Worker answers; it does not call the origin.
    .get('/health', (c) => c.json({ status: 'ok' }, 200, { 'cache-control': 'no-store' }))
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
    .route('/', referenceRoutes)
    .route('/', pageRoutes),
);

// Relayed as the origin answers them, these are registered for the document only.
for (const route of [...accountRoutes, documentRoute]) routes.openAPIRegistry.registerPath(route);

/** The edge app: the routes above and the shopper API's document, generated from them on first use. */
export const app = routes
  .get(OPENAPI_PATH, (c) => c.body(openApiDocument(routes), 200, { 'content-type': 'application/json; charset=UTF-8' }))
  .notFound(notFoundHandler)
  .onError(errorHandler);

export type EdgeApp = typeof app;
