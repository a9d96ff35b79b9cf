import { afterEach, describe, expect, it } from 'vitest';
import { CARRIER_SIGNATURE_HEADER, type CarrierSandboxOptions, createCarrierSandbox } from './carrier-sandbox';

const API_KEY = 'ck_test_unit';
const SECRET = 'whsec_unit';
const encoder = new TextEncoder();

interface Received {
  id: string;
  type: string;
  data: { shipmentId: string; trackingNumber: string; reference: string; status: string; at: string };
  signature: string;
}

/** The receiving end: checks every signature (HMAC-SHA256 over "<t>.<body>", fresh t) like a real one. */
function receiver(failFirst = 0) {
  const received: Received[] = [];
  let calls = 0;
  const send = (async (_url: string | URL | Request, init?: RequestInit) => {
    calls++;
    const body = String(init?.body);
    const header = new Headers(init?.headers).get(CARRIER_SIGNATURE_HEADER) ?? '';
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header) ?? [];
    const key = await crypto.subtle.importKey('raw', encoder.encode(SECRET), { name: 'HMAC', hash: 'SHA-256' }, false, [
      'verify',
    ]);
    const mac = Uint8Array.from((v1 ?? '').match(/../g) ?? [], (h) => Number.parseInt(h, 16));
    const valid =
      !!t &&
      Math.abs(Date.now() / 1000 - Number(t)) < 300 &&
      (await crypto.subtle.verify('HMAC', key, mac, encoder.encode(`${t}.${body}`)));
    if (!valid) return new Response('bad signature', { status: 401 });
    if (calls <= failFirst) return new Response('down', { status: 503 });
    received.push({ ...JSON.parse(body), signature: header });
    return new Response(null, { status: 204 });
  }) as typeof fetch;
  return { received, fetch: send };
}

const sandboxes: { close(): void }[] = [];
afterEach(() => {
  for (const s of sandboxes.splice(0)) s.close();
});

function start(overrides: Partial<CarrierSandboxOptions> = {}, failFirst = 0) {
  const hooks = receiver(failFirst);
  const sandbox = createCarrierSandbox({
    apiKey: API_KEY,
    webhookSecret: SECRET,
    webhookUrl: 'http://shop.test/webhooks/carriers/sandbox-carrier',
    publicUrl: 'http://carrier.test',
    stepMs: 0,
    fetch: hooks.fetch,
    retryBaseMs: 1,
    ...overrides,
  });
  sandboxes.push(sandbox);
  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    sandbox.fetch(
      new Request(`http://carrier.test${path}`, {
        method,
        headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json', ...headers },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      }),
    );
  return { sandbox, call, received: hooks.received };
}

const shipment = (overrides: Record<string, unknown> = {}) => ({
  reference: 'ord_123',
  address: { name: 'Ada Lovelace', line1: '1 Loop Rd', city: 'Springfield', postalCode: '12345', country: 'US' },
  items: [{ sku: 'TEE-M', quantity: 2 }],
  ...overrides,
});

type View = { id: string; trackingNumber: string; labelUrl: string; status: string; events: { status: string }[] };

describe('sandbox carrier API', () => {
  it('creates a labelled shipment and sends a signed label_created webhook', async () => {
    const { sandbox, call, received } = start();
    const res = await call('POST', '/v1/shipments', shipment());
    expect(res.status).toBe(201);
    const body = (await res.json()) as View;
    expect(body).toMatchObject({ status: 'label_created', labelUrl: `http://carrier.test/labels/${body.id}.pdf` });
    expect(body.trackingNumber).toMatch(/^SBX\d{12}$/);
    expect(body.events.map((e) => e.status)).toEqual(['label_created']);
    await sandbox.idle();
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      type: 'tracking.updated',
      data: { shipmentId: body.id, trackingNumber: body.trackingNumber, reference: 'ord_123', status: 'label_created' },
    });
    expect(received[0]?.id).toMatch(/^evt_/);
    const label = await call('GET', `/labels/${body.id}.pdf`);
    expect(label.headers.get('content-type')).toBe('application/pdf');
    expect(await label.text()).toContain(body.trackingNumber);
  });

  it('moves a parcel one step per advance, sends the webhooks in order, and stops at the end', async () => {
    const { sandbox, call, received } = start();
    const { id } = (await (
      await call('POST', '/v1/shipments', shipment({ scenario: 'failed_attempt' }))
    ).json()) as View;
    for (let i = 0; i < 6; i++) expect((await call('POST', `/v1/shipments/${id}/advance`)).status).toBe(200);
    const final = await call('POST', `/v1/shipments/${id}/advance`);
    expect(final.status).toBe(409);
    expect(await final.json()).toMatchObject({ error: { code: 'shipment_final' } });
    await sandbox.idle();
    expect(received.map((r) => r.data.status)).toEqual([
      'label_created',
      'picked_up',
      'in_transit',
      'out_for_delivery',
      'failed_attempt',
      'out_for_delivery',
      'delivered',
    ]);
    expect(((await (await call('GET', `/v1/shipments/${id}`)).json()) as View).status).toBe('delivered');
  });

  it('moves parcels on its own clock', async () => {
    const { sandbox, call, received } = start({ stepMs: 5 });
    const { id } = (await (await call('POST', '/v1/shipments', shipment({ scenario: 'return' }))).json()) as View;
    await expect
      .poll(async () => ((await (await call('GET', `/v1/shipments/${id}`)).json()) as View).status, { timeout: 2000 })
      .toBe('returned');
    await sandbox.idle();
    expect(received.map((r) => r.data.status).slice(-2)).toEqual(['failed_attempt', 'returned']);
  });

  it('cancels before pick-up only, idempotently, with a webhook', async () => {
    const { sandbox, call, received } = start();
    const a = (await (await call('POST', '/v1/shipments', shipment())).json()) as View;
    expect(((await (await call('POST', `/v1/shipments/${a.id}/cancel`)).json()) as View).status).toBe('cancelled');
    expect((await call('POST', `/v1/shipments/${a.id}/cancel`)).status).toBe(200);
    expect((await call('POST', `/v1/shipments/${a.id}/advance`)).status).toBe(409);
    const b = (await (await call('POST', '/v1/shipments', shipment())).json()) as View;
    await call('POST', `/v1/shipments/${b.id}/advance`);
    const refused = await call('POST', `/v1/shipments/${b.id}/cancel`);
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ error: { code: 'shipment_not_cancellable' } });
    await sandbox.idle();
    expect(received.filter((r) => r.data.shipmentId === a.id).map((r) => r.data.status)).toEqual([
      'label_created',
      'cancelled',
    ]);
  });

  it('replays the first answer for a repeated Idempotency-Key and refuses it with another body', async () => {
    const { sandbox, call, received } = start();
    const key = { 'idempotency-key': 'shp_1' };
    const [a, b] = await Promise.all([
      call('POST', '/v1/shipments', shipment(), key).then((r) => r.json() as Promise<View>),
      call('POST', '/v1/shipments', shipment(), key).then((r) => r.json() as Promise<View>),
    ]);
    expect(b.id).toBe(a.id);
    const other = await call('POST', '/v1/shipments', shipment({ reference: 'ord_other' }), key);
    expect(other.status).toBe(422);
    expect(await other.json()).toMatchObject({ error: { code: 'idempotency_key_reused' } });
    await sandbox.idle();
    expect(received).toHaveLength(1);
  });

  it('refuses a missing or wrong API key and malformed input with JSON errors', async () => {
    const { sandbox, call } = start();
    const anonymous = await sandbox.fetch(new Request('http://carrier.test/v1/shipments/cs_1'));
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ error: { code: 'unauthorized' } });
    expect((await call('GET', '/v1/shipments/cs_1', undefined, { authorization: 'Bearer nope' })).status).toBe(401);
    const bad = await call('POST', '/v1/shipments', shipment({ items: [] }));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'invalid_request' } });
    expect((await call('POST', '/v1/shipments', '{nope')).status).toBe(400);
    expect((await call('GET', '/v1/shipments/cs_unknown')).status).toBe(404);
    expect((await sandbox.fetch(new Request('http://carrier.test/health'))).status).toBe(200);
  });

  it('retries a refused webhook and keeps the parcel’s events in order', async () => {
    const { sandbox, call, received } = start({}, 2);
    const { id } = (await (await call('POST', '/v1/shipments', shipment())).json()) as View;
    await call('POST', `/v1/shipments/${id}/advance`);
    await sandbox.idle();
    expect(received.map((r) => r.data.status)).toEqual(['label_created', 'picked_up']);
    expect(sandbox.deliveries[0]).toMatchObject({ status: 'delivered', attempts: 3 });
  });

  it('redelivers an event with the same id and a fresh signature', async () => {
    const clock = { ms: Date.now() };
    const { sandbox, call, received } = start({ now: () => clock.ms });
    await call('POST', '/v1/shipments', shipment());
    await sandbox.idle();
    const eventId = received[0]?.id as string;
    clock.ms += 2000;
    const res = await call('POST', `/v1/events/${eventId}/resend`);
    expect(await res.json()).toEqual({ id: eventId, receiverStatus: 204 });
    expect(received.map((r) => r.id)).toEqual([eventId, eventId]);
    expect(received[1]?.signature).not.toBe(received[0]?.signature);
  });
});
