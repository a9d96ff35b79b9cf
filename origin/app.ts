/**
 * The origin's HTTP surface: merchant admin API, internal endpoints for the edge, OpenAPI
 * document and its interactive reference (`/docs`). Runtime-neutral: Bun serves it, tests call `app.request()`.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import {
  catalogInternalRoutes,
  categoryAdminRoutes,
  productAdminRoutes,
  productReviewInternalRoutes,
  variantAdminRoutes,
} from './catalog';
import { shippingAdminRoutes } from './checkout';
import { customerAdminRoutes, customerInternalRoutes } from './customers';
import { inventoryAdminRoutes } from './inventory';
import { carrierWebhookRoutes, shipmentAdminRoutes, trackingInternalRoutes } from './logistics';
import { authAdminRoutes, authorizeAdmin, membersService, staffAdminRoutes } from './members';
import { orderAdminRoutes } from './orders';
import { paymentAdminRoutes, paymentInternalRoutes, paymentWebhookRoutes } from './payment';
import { requireEdgeSignature } from './platform/auth';
import { Bulkheads, bulkhead } from './platform/bulkhead';
import type { ContextName } from './platform/config/services';
import type { OriginContext } from './platform/context';
import { docsRoutes } from './platform/docs-page';
import { ConsoleEmailSender } from './platform/email/console-sender';
import { devMailboxRoutes } from './platform/email/dev-mailbox.routes';
import { errorBody, HttpError } from './platform/errors';
import { Lifecycle, originReadinessChecks } from './platform/lifecycle';
import { validationHook } from './platform/openapi';
import { forwardedEventRoutes } from './platform/queue/forwarding';
import { queueAdminRoutes } from './platform/queue/queue.admin.routes';
import { queueConsumerRoutes } from './platform/queue/queue.consumer.routes';
import { requestId } from './platform/request-id';
import { rpcRoutes, serviceClient } from './platform/rpc';
import { orderReviewInternalRoutes, reviewAdminRoutes } from './rating';
import { routeClassOf } from './route-classes';
import { localServices } from './services';
import { supportAdminRoutes, supportInternalRoutes } from './support';
import { checkoutInternalRoutes } from './workflows/checkout.internal.routes';
import { orderActionAdminRoutes } from './workflows/order-actions.admin.routes';

export function createApp(ctx: OriginContext, options: { lifecycle?: Lifecycle } = {}) {
  const app = new OpenAPIHono<{ Variables: { requestId: string } }>({ defaultHook: validationHook });
  const lifecycle = options.lifecycle ?? new Lifecycle(originReadinessChecks(ctx.db, ctx.cache));

  app.use('*', requestId);
  // Probes of the load balancer (platform/lifecycle.ts): never shed, never counted as work in flight.
  app.get('/health', (c) => c.json({ status: 'ok' }));
  app.get('/health/live', (c) => c.json({ status: 'ok' }, 200, { 'cache-control': 'no-store' }));
  app.get('/health/ready', async (c) => {
    const state = await lifecycle.readiness();
    c.header('cache-control', 'no-store');
    if (state.ready) return c.json({ status: 'ready', checks: state.checks }, 200);
    const failing = Object.entries(state.checks)
      .filter(([, s]) => s !== 'ok')
      .map(([name]) => name);
    const message = state.draining ? 'This instance is draining' : `Not reachable: ${failing.join(', ')}`;
    return c.json(
      { ...errorBody('not_ready', message), status: state.draining ? 'draining' : 'unavailable', checks: state.checks },
      503,
    );
  });
  app.use('*', lifecycle.track);
  // Core work keeps its room when load spikes: auxiliary requests are shed first (503).
  app.use('*', bulkhead(new Bulkheads(ctx.config.bulkheads), routeClassOf));
  app.use(
    '*',
    bodyLimit({
      maxSize: 1024 * 1024,
      onError: (c) => c.json(errorBody('payload_too_large', 'The request body exceeds 1 MiB'), 413),
    }),
  );

  // Every /admin route's permission is declared in members/permissions.ts and checked here.
  const members = serviceClient(ctx, membersService);
  app.use(
    '/admin/*',
    authorizeAdmin({ authenticate: (header) => members.authenticate({ authorization: header ?? null }) }),
  );
  // Each instance serves the subsystems it runs (ORIGIN_SERVICES; all by default). The load
  // balancer routes each path to the pool serving it (origin/service-routes.ts).
  const serves = (name: ContextName) => ctx.config.services.local.includes(name);
  if (serves('members')) {
    app.route('/admin', authAdminRoutes(ctx));
    app.route('/admin', staffAdminRoutes(ctx));
  }
  if (serves('catalog')) {
    app.route('/admin', productAdminRoutes(ctx));
    app.route('/admin', variantAdminRoutes(ctx));
    app.route('/admin', categoryAdminRoutes(ctx));
  }
  // The transactional unit: checkout, orders, inventory, payment and logistics, with the workflows.
  if (serves('orders')) {
    app.route('/admin', inventoryAdminRoutes(ctx));
    app.route('/admin', orderAdminRoutes(ctx));
    app.route('/admin', orderActionAdminRoutes(ctx));
    app.route('/admin', shippingAdminRoutes(ctx));
    app.route('/admin', paymentAdminRoutes(ctx));
    app.route('/admin', shipmentAdminRoutes(ctx));
  }
  app.route('/admin', queueAdminRoutes(ctx));
  if (serves('customers')) app.route('/admin', customerAdminRoutes(ctx));
  if (serves('rating')) app.route('/admin', reviewAdminRoutes(ctx));
  if (serves('support')) app.route('/admin', supportAdminRoutes(ctx));

  app.use('/internal/*', requireEdgeSignature(ctx.config.internalSecret, { cache: ctx.cache, log: ctx.log }));
  if (serves('catalog')) {
    app.route('/internal/catalog', catalogInternalRoutes(ctx));
    app.route('/internal/catalog', productReviewInternalRoutes(ctx));
  }
  if (serves('orders')) {
    app.route('/internal', checkoutInternalRoutes(ctx));
    app.route('/internal', paymentInternalRoutes(ctx));
    app.route('/internal', trackingInternalRoutes(ctx));
  }
  if (serves('customers')) app.route('/internal', customerInternalRoutes(ctx));
  if (serves('rating')) app.route('/internal', orderReviewInternalRoutes(ctx));
  if (serves('support')) app.route('/internal', supportInternalRoutes(ctx));

  // What other subsystems ask this one (platform/rpc.ts), signed like the edge's calls.
  app.route('/rpc', rpcRoutes(ctx, localServices(ctx)));

  // The console sender's mailbox, for developers and the end-to-end tests; never in production
  // (which includes an unset NODE_ENV: config.ts fails closed).
  if (!ctx.config.production && ctx.email instanceof ConsoleEmailSender) {
    app.route('/dev', devMailboxRoutes(ctx.email));
  }

  // Payment providers and carriers call these; each request carries the sender's signature.
  if (serves('orders')) {
    app.route('/webhooks/payments', paymentWebhookRoutes(ctx));
    app.route('/webhooks/carriers', carrierWebhookRoutes(ctx));
  }

  // QStash pushes here; each delivery carries its own Upstash-Signature (no admin or edge auth).
  // Events forwarded by another subsystem's relay arrive under /queue/s/<service>/, signed.
  app.route('/queue', queueConsumerRoutes(ctx.queue));
  app.route('/queue/s', forwardedEventRoutes(ctx));

  app.openAPIRegistry.registerComponent('securitySchemes', 'adminToken', {
    type: 'http',
    scheme: 'bearer',
    description:
      'A staff session token (POST /admin/auth/login), an API key (sk_live_…), or the operator’s root token ADMIN_TOKEN. Without ADMIN_TOKEN the root token is disabled (production: staff sessions and API keys only); only a development origin on loopback (NODE_ENV=development) has a default, documented in the README. Each route needs the permission listed in origin/members/permissions.ts.',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'edgeSignature', {
    type: 'apiKey',
    in: 'header',
    name: 'x-internal-signature',
    description:
      'HMAC-SHA256 by the edge over timestamp, nonce, method, path, the authority headers (x-order-token, x-customer-token, x-client-ip, x-request-id, present or absent) and body, with x-internal-timestamp and x-internal-nonce (contract/signing.ts); a non-GET request is accepted once',
  });
  const info = {
    title: 'edgeshop origin API',
    version: '0.1.0',
    description:
      'Merchant admin API (Bearer staff session, API key or ADMIN_TOKEN; role-based permissions) and the internal endpoints the edge calls.',
  };
  app.doc31('/openapi.json', { openapi: '3.1.0', info });
  app.route('/docs', docsRoutes(info.title));

  app.notFound((c) => c.json(errorBody('not_found', `No route for ${c.req.method} ${c.req.path}`), 404));
  app.onError((e, c) => {
    if (e instanceof HttpError) {
      // Refusals that say when to come back (429 throttles, 503 busy) say it in the header too.
      if (typeof e.details?.retryAfter === 'number') c.header('Retry-After', String(e.details.retryAfter));
      return c.json(errorBody(e.code, e.message, e.details), e.status);
    }
    if (e instanceof HTTPException && e.status < 500) {
      const code = e.status === 400 ? 'invalid_json' : e.status === 415 ? 'unsupported_media_type' : 'invalid_request';
      return c.json(errorBody(code, e.message || 'Malformed request'), e.status);
    }
    ctx.log.error('unhandled error', { requestId: c.get('requestId'), path: c.req.path, error: String(e) });
    return c.json(errorBody('internal_error', 'Something went wrong on our side'), 500);
  });
  return app;
}

export type OriginApp = ReturnType<typeof createApp>;
