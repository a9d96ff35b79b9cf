import { describe, expect, it } from 'vitest';
import { signatureHeader } from '../../sandbox/lib/signing';
import { sandboxCarrier } from './sandbox-carrier';

const SECRET = 'whsec_adapter';

function adapter(answer: (req: Request) => Response | Promise<Response>) {
  const seen: { url: string; headers: Headers; body: string }[] = [];
  const carrier = sandboxCarrier({
    url: 'http://carrier.test/',
    apiKey: 'ck_adapter',
    webhookSecret: SECRET,
    toleranceSeconds: 300,
    fetch: (async (input: string | URL | Request, init?: RequestInit) => {
      const req = input instanceof Request ? input : new Request(String(input), init);
      seen.push({ url: req.url, headers: req.headers, body: String(init?.body ?? '') });
      return answer(req);
    }) as typeof fetch,
  });
  return { carrier, seen };
}

const request = {
  idempotencyKey: 'shp_1',
  reference: 'ord_1',
  address: { name: 'Ada', line1: '1 Loop Rd', city: 'Springfield', postalCode: '12345', country: 'US' },
  items: [{ sku: 'TEE', quantity: 1 }],
};

describe('sandbox-carrier adapter', () => {
  it('creates with the API key and our shipment id as Idempotency-Key', async () => {
    const { carrier, seen } = adapter(() =>
      Response.json(
        { id: 'cs_1', trackingNumber: 'SBX1', labelUrl: 'http://carrier.test/labels/cs_1.pdf' },
        { status: 201 },
      ),
    );
    expect(await carrier.createShipment({ ...request, scenario: 'return' })).toEqual({
      ok: true,
      value: { carrierRef: 'cs_1', trackingNumber: 'SBX1', labelUrl: 'http://carrier.test/labels/cs_1.pdf' },
    });
    const [sent] = seen;
    expect(sent?.url).toBe('http://carrier.test/v1/shipments');
    expect(sent?.headers.get('authorization')).toBe('Bearer ck_adapter');
    expect(sent?.headers.get('idempotency-key')).toBe('shp_1');
    expect(JSON.parse(sent?.body ?? '')).toEqual({
      reference: 'ord_1',
      address: request.address,
      items: request.items,
      scenario: 'return',
    });
  });

  it('tells a carrier worth retrying from one that refused for good', async () => {
    const codeFor = async (answer: () => Response) => {
      const result = await adapter(answer).carrier.createShipment(request);
      return result.ok ? 'ok' : result.code;
    };
    expect(await codeFor(() => new Response('down', { status: 503 }))).toBe('carrier_unavailable');
    expect(await codeFor(() => new Response('slow down', { status: 429 }))).toBe('carrier_unavailable');
    expect(await codeFor(() => new Response('who?', { status: 401 }))).toBe('carrier_unavailable');
    expect(await codeFor(() => Response.json({ nonsense: true }, { status: 201 }))).toBe('carrier_unavailable');
    expect(await codeFor(() => Response.json({ error: {} }, { status: 400 }))).toBe('carrier_rejected');
    expect(
      await codeFor(() => {
        throw new TypeError('fetch failed');
      }),
    ).toBe('carrier_unavailable');
  });

  it('maps a refused void to shipment_not_cancellable', async () => {
    const refused = adapter(() => new Response('{}', { status: 409 }));
    expect(await refused.carrier.cancelShipment('cs_1')).toMatchObject({ ok: false, code: 'shipment_not_cancellable' });
    expect(refused.seen[0]?.url).toBe('http://carrier.test/v1/shipments/cs_1/cancel');
    expect(await adapter(() => new Response('{}')).carrier.cancelShipment('cs_1')).toEqual({
      ok: true,
      value: undefined,
    });
  });

  it('verifies and parses a tracking webhook', async () => {
    const { carrier } = adapter(() => new Response());
    const body = JSON.stringify({
      id: 'evt_1',
      type: 'tracking.updated',
      createdAt: '2030-01-01T00:00:00Z',
      data: {
        shipmentId: 'cs_1',
        trackingNumber: 'SBX1',
        reference: 'ord_1',
        status: 'in_transit',
        at: '2030-01-01T00:00:00.000Z',
        location: null,
      },
    });
    const now = Date.now();
    const signature = await signatureHeader(SECRET, body, now);
    const event = await carrier.verifyWebhook(new Headers({ 'Carrier-Signature': signature }), body, now);
    expect(event).toEqual({
      ok: true,
      value: {
        eventId: 'evt_1',
        signature,
        carrierRef: 'cs_1',
        trackingNumber: 'SBX1',
        status: 'in_transit',
        at: new Date('2030-01-01T00:00:00.000Z'),
        location: null,
      },
    });
    const stale = await carrier.verifyWebhook(new Headers({ 'Carrier-Signature': signature }), body, now + 301_000);
    expect(stale).toMatchObject({ ok: false, code: 'stale_webhook' });
    const forged = await carrier.verifyWebhook(new Headers({ 'Carrier-Signature': signature }), `${body} `, now);
    expect(forged).toMatchObject({ ok: false, code: 'invalid_signature' });
  });
});
