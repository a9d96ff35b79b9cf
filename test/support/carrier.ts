/**
 * The sandbox carrier in-process for origin tests: parcels move only when a test advances them
 * (stepMs 0), its signed webhooks go straight into the origin's app, and the origin's outbound
 * calls to the carrier URL reach the sandbox. `outage.down` makes the carrier unreachable.
 */
import type { CheckoutResponse } from '../../contract/orders';
import { signInternalRequest } from '../../contract/signing';
import type { OrderTracking } from '../../contract/tracking';
import type { ShipmentView } from '../../origin/logistics/shipment-view';
import { type CarrierSandbox, createCarrierSandbox } from '../../sandbox/carrier/carrier-sandbox';
import { checkoutRequest, postCheckout, setupShipping, stockedVariant } from './checkout';
import { INTERNAL_SECRET, startTestOrigin, type TestOrigin } from './origin';
import { routeOutbound } from './payments';

export const CARRIER_URL = 'http://carrier.test';
export const CARRIER_API_KEY = 'ck_test_sandbox';
export const CARRIER_WEBHOOK_SECRET = 'whsec_sandbox_carrier';
export const CARRIER_WEBHOOK_PATH = '/webhooks/carriers/sandbox-carrier';

export interface CarrierTest {
  t: TestOrigin;
  carrier: CarrierSandbox;
  /** While `down`, every call of the origin to the carrier fails like a network error. */
  outage: { down: boolean };
  /** `METHOD /path` of every call the origin made to the carrier. */
  calls: string[];
  /** Moves the carrier's parcel `steps` steps on (its webhooks are sent, not yet applied). */
  advance(carrierRef: string, steps?: number): Promise<void>;
  /** Waits for the carrier's webhooks, then runs the origin's queue until nothing is left. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export async function startCarrierTest(env: Record<string, string> = {}): Promise<CarrierTest> {
  let origin: TestOrigin | null = null;
  const outage = { down: false };
  const calls: string[] = [];
  const carrier = createCarrierSandbox({
    apiKey: CARRIER_API_KEY,
    webhookSecret: CARRIER_WEBHOOK_SECRET,
    webhookUrl: `http://origin.test${CARRIER_WEBHOOK_PATH}`,
    publicUrl: CARRIER_URL,
    stepMs: 0,
    retryBaseMs: 5,
    maxAttempts: 3,
    fetch: (async (input: string | URL | Request, init?: RequestInit) => {
      if (!origin) throw new TypeError('origin not started');
      return origin.origin.app.request(new URL(String(input)).pathname, init);
    }) as typeof fetch,
  });
  const outboundFetch = routeOutbound({
    [CARRIER_URL]: async (request) => {
      calls.push(`${request.method} ${new URL(request.url).pathname}`);
      if (outage.down) throw new TypeError('fetch failed: carrier unreachable');
      return carrier.fetch(request);
    },
  });
  const t = await startTestOrigin(
    { SANDBOX_CARRIER_URL: CARRIER_URL, SANDBOX_CARRIER_API_KEY: CARRIER_API_KEY, ...env },
    { outboundFetch },
  );
  origin = t;
  return {
    t,
    carrier,
    outage,
    calls,
    async advance(carrierRef, steps = 1) {
      for (let i = 0; i < steps; i++) {
        const res = await carrier.fetch(
          new Request(`${CARRIER_URL}/v1/shipments/${carrierRef}/advance`, {
            method: 'POST',
            headers: { authorization: `Bearer ${CARRIER_API_KEY}` },
          }),
        );
        if (res.status !== 200) throw new Error(`advance ${carrierRef}: ${res.status} ${await res.text()}`);
      }
    },
    async settle() {
      for (let round = 0; round < 20; round++) {
        await carrier.idle();
        if ((await t.drain()) === 0) return;
      }
      throw new Error('the queue did not settle');
    },
    async close() {
      carrier.close();
      await carrier.idle();
      await t.close();
    },
  };
}

/** A COD order (US address) with one line per quantity, each a fresh variant with 10 in stock. */
export async function codOrder(t: TestOrigin, quantities: number[] = [2]) {
  const variants: Awaited<ReturnType<typeof stockedVariant>>[] = [];
  for (const _ of quantities) variants.push(await stockedVariant(t, 2500, 10));
  const lines = quantities.map((quantity, i) => ({ variantId: variants[i]?.id as string, quantity, unitPrice: 2500 }));
  const res = await postCheckout(t, checkoutRequest(lines, { paymentMethod: 'cod' }));
  if (res.status !== 201) throw new Error(`checkout: ${res.status} ${await res.text()}`);
  return { placed: (await res.json()) as CheckoutResponse, variants };
}

/** POST /admin/orders/:id/shipments; `body` undefined sends no body (ship everything). */
export async function ship(t: TestOrigin, orderId: string, body?: Record<string, unknown>) {
  return t.admin('POST', `/admin/orders/${orderId}/shipments`, body);
}

export async function shipOk(t: TestOrigin, orderId: string, body?: Record<string, unknown>): Promise<ShipmentView> {
  const res = await ship(t, orderId, body);
  if (res.status !== 201) throw new Error(`ship: ${res.status} ${await res.text()}`);
  return (await res.json()) as ShipmentView;
}

export async function shipmentOf(t: TestOrigin, id: string): Promise<ShipmentView> {
  return (await (await t.admin('GET', `/admin/shipments/${id}`)).json()) as ShipmentView;
}

export async function orderStatus(t: TestOrigin, orderId: string): Promise<string> {
  return ((await (await t.admin('GET', `/admin/orders/${orderId}`)).json()) as { status: string }).status;
}

/** GET /internal/orders/:id/tracking with an order token, signed like the edge signs it. */
export async function getTracking(t: TestOrigin, orderId: string, token: string) {
  const path = `/internal/orders/${orderId}/tracking`;
  const headers = await signInternalRequest(INTERNAL_SECRET, 'GET', path, '', { headers: { 'x-order-token': token } });
  return t.origin.app.request(path, { headers });
}

export async function trackingOf(t: TestOrigin, orderId: string, token: string): Promise<OrderTracking> {
  const res = await getTracking(t, orderId, token);
  if (res.status !== 200) throw new Error(`tracking: ${res.status} ${await res.text()}`);
  return (await res.json()) as OrderTracking;
}

export { setupShipping };
