/**
 * `POST /webhooks/carriers/:carrier`: the carrier's adapter verifies the signature (over the raw
 * body) and the timestamp, then `acceptWebhook` remembers the event id and queues its effect
 * in one transaction. Forged → 401, stale → 400, the same signed request again → 409, the
 * carrier redelivering an accepted event (fresh signature) → 200 without a second effect.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { OriginContext } from '../platform/context';
import { unwrap } from '../platform/errors';
import { jsonResponse, router } from '../platform/openapi';
import { err } from '../platform/result';
import { ErrorSchema } from '../platform/schemas';
import { acceptWebhook } from '../platform/webhooks/accept';
import { carrierEventPayload } from './apply-carrier-event';
import { carrierFor } from './carriers';
import { CarrierParam } from './logistics.schemas';
import { LogisticsTopics } from './topics';

export function carrierWebhookRoutes(ctx: OriginContext) {
  return router().openapi(
    createRoute({
      method: 'post',
      path: '/{carrier}',
      tags: ['Webhooks'],
      summary: 'Tracking events from a carrier, signed by it (sandbox-carrier: `Carrier-Signature: t=…,v1=…`)',
      request: { params: CarrierParam },
      responses: {
        200: jsonResponse(
          z.object({ received: z.boolean(), duplicate: z.boolean() }),
          'Accepted (or already accepted)',
        ),
        400: jsonResponse(ErrorSchema, 'Stale timestamp or not a tracking event'),
        401: jsonResponse(ErrorSchema, 'Missing or invalid signature'),
        404: jsonResponse(ErrorSchema, 'Unknown carrier'),
        409: jsonResponse(ErrorSchema, 'The same signed request was already received'),
      },
    }),
    async (c) => {
      const name = c.req.valid('param').carrier;
      const carrier = carrierFor(ctx, name);
      if (!carrier) unwrap(err('unknown_carrier', `No carrier ${name}`));
      const raw = await c.req.text();
      const event = unwrap(
        await (carrier as NonNullable<typeof carrier>).verifyWebhook(c.req.raw.headers, raw, Date.now()),
      );
      const accepted = unwrap(
        await acceptWebhook(ctx, {
          source: `carrier:${name}`,
          eventId: event.eventId,
          signature: event.signature,
          topic: LogisticsTopics.carrierEvent,
          aggregateId: event.carrierRef,
          payload: carrierEventPayload(name, event),
        }),
      );
      return c.json({ received: true, duplicate: accepted.duplicate }, 200);
    },
  );
}
