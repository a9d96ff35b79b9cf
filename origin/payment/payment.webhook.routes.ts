/**
 * `POST /webhooks/payments/{provider}`: a provider's webhook. The provider adapter verifies the
 * signature and the timestamp (401 / 400 otherwise, nothing recorded); the event is then
 * remembered and queued in one transaction (acceptWebhook) and applied by a consumer. A
 * byte-for-byte replay is refused (409); the provider's own redelivery is acknowledged (200).
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { OriginContext } from '../platform/context';
import { unwrap } from '../platform/errors';
import { jsonResponse, router } from '../platform/openapi';
import { err } from '../platform/result';
import { acceptWebhook } from '../platform/webhooks/accept';
import { providerNamed } from './providers';
import { PaymentTopics } from './topics';

const Received = z.object({ received: z.literal(true), duplicate: z.boolean() }).openapi('WebhookReceived');

export function paymentWebhookRoutes(ctx: OriginContext) {
  return router().openapi(
    createRoute({
      method: 'post',
      path: '/{provider}',
      tags: ['Webhooks'],
      summary: 'A payment provider’s signed webhook',
      request: { params: z.object({ provider: z.string().regex(/^[a-z0-9-]{1,40}$/) }) },
      responses: {
        200: jsonResponse(Received, 'Accepted (or a redelivery of an accepted event)'),
        400: jsonResponse(z.any(), 'Stale timestamp or not an event'),
        401: jsonResponse(z.any(), 'Bad signature'),
        404: jsonResponse(z.any(), 'Unknown provider'),
        409: jsonResponse(z.any(), 'A replay of a request already received'),
      },
    }),
    async (c) => {
      const name = c.req.valid('param').provider;
      const provider = providerNamed(ctx, name);
      if (!provider) unwrap(err('unknown_provider', `No payment provider ${name}`));
      const verified = unwrap(
        await (provider as NonNullable<typeof provider>).verifyWebhook({
          headers: c.req.raw.headers,
          body: await c.req.text(),
          nowMs: Date.now(),
        }),
      );
      const accepted = unwrap(
        await acceptWebhook(ctx, {
          source: `payment:${name}`,
          eventId: verified.event.id,
          signature: verified.signature,
          topic: PaymentTopics.providerEvent,
          aggregateId: verified.event.intentRef,
          payload: { event: verified.event },
        }),
      );
      return c.json({ received: true as const, duplicate: accepted.duplicate }, 200);
    },
  );
}
