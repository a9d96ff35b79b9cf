/**
 * The `sandbox-carrier` adapter (sandbox/carrier): bearer API key, `Idempotency-Key` = our
 * shipment id on create, `Carrier-Signature` webhooks in the common `t=…,v1=…` scheme.
 */
import { z } from 'zod';
import { err, ok, type Result } from '../platform/result';
import { verifyWebhookSignature } from '../platform/webhooks/signature';
import type { Carrier, CarrierCallError, CarrierEvent, CarrierLabel, WebhookError } from './carrier';
import { TRACKING_STATUSES } from './shipment-status';

export interface SandboxCarrierOptions {
  url: string;
  apiKey: string;
  webhookSecret: string;
  toleranceSeconds: number;
  fetch: typeof fetch;
  timeoutMs?: number;
}

const Label = z.object({ id: z.string().min(1), trackingNumber: z.string().min(1), labelUrl: z.string().min(1) });
const Webhook = z.object({
  id: z.string().min(1).max(200),
  type: z.literal('tracking.updated'),
  data: z.object({
    shipmentId: z.string().min(1).max(200),
    trackingNumber: z.string().min(1).max(100),
    status: z.enum(TRACKING_STATUSES),
    at: z.iso.datetime({ offset: true }),
    location: z.string().max(300).nullish(),
  }),
});

/** 5xx, 429, 409 (a concurrent call with the same key) and auth trouble are worth retrying. */
function failure(status: number): CarrierCallError {
  return status >= 500 || status === 429 || status === 409 || status === 401 || status === 403
    ? 'carrier_unavailable'
    : 'carrier_rejected';
}

export function sandboxCarrier(options: SandboxCarrierOptions): Carrier {
  const base = options.url.replace(/\/$/, '');

  async function post(path: string, body: unknown, idempotencyKey: string): Promise<Response | null> {
    try {
      return await options.fetch(`${base}${path}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${options.apiKey}`,
          'content-type': 'application/json',
          'idempotency-key': idempotencyKey,
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
    } catch {
      return null;
    }
  }

  return {
    name: 'sandbox-carrier',

    async createShipment(request): Promise<Result<CarrierLabel, CarrierCallError>> {
      const { idempotencyKey, scenario, ...rest } = request;
      const res = await post('/v1/shipments', scenario ? { ...rest, scenario } : rest, idempotencyKey);
      if (!res) return err('carrier_unavailable', 'The carrier could not be reached');
      const body = await res.json().catch(() => null);
      if (res.status !== 201 && res.status !== 200) {
        return err(failure(res.status), `The carrier answered ${res.status}`, { carrierAnswer: body });
      }
      const label = Label.safeParse(body);
      if (!label.success) return err('carrier_unavailable', 'The carrier answered an unexpected body');
      const { id, trackingNumber, labelUrl } = label.data;
      return ok({ carrierRef: id, trackingNumber, labelUrl });
    },

    async cancelShipment(carrierRef) {
      const res = await post(`/v1/shipments/${encodeURIComponent(carrierRef)}/cancel`, {}, `cancel-${carrierRef}`);
      if (!res) return err('carrier_unavailable', 'The carrier could not be reached');
      await res.body?.cancel();
      if (res.ok) return ok(undefined);
      if (res.status === 409) return err('shipment_not_cancellable', 'The carrier already picked the parcel up');
      return err(res.status === 404 ? 'carrier_rejected' : failure(res.status), `The carrier answered ${res.status}`);
    },

    async verifyWebhook(headers, rawBody, nowMs): Promise<Result<CarrierEvent, WebhookError>> {
      const signature = headers.get('carrier-signature');
      const verified = await verifyWebhookSignature({
        secrets: [options.webhookSecret],
        header: signature,
        body: rawBody,
        toleranceSeconds: options.toleranceSeconds,
        nowMs,
      });
      if (!verified.ok) return verified;
      let json: unknown;
      try {
        json = JSON.parse(rawBody);
      } catch {
        return err('invalid_request', 'The webhook body is not JSON');
      }
      const parsed = Webhook.safeParse(json);
      if (!parsed.success) return err('invalid_request', 'The webhook body is not a tracking event');
      const { id, data } = parsed.data;
      return ok({
        eventId: id,
        signature: signature as string,
        carrierRef: data.shipmentId,
        trackingNumber: data.trackingNumber,
        status: data.status,
        at: new Date(data.at),
        location: data.location ?? null,
      });
    },
  };
}
