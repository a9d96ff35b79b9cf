import { afterEach, describe, expect, it } from 'vitest';
import { startCardSandbox } from './card-test-kit';

let kit = startCardSandbox();
afterEach(() => {
  kit.sandbox.close();
  kit = startCardSandbox();
});

/** The shopper's browser: no secret key. */
const browser = (method: string, path: string, body?: string, contentType = 'application/json') =>
  kit.sandbox.fetch(new Request(`http://card.test${path}`, { method, body, headers: { 'content-type': contentType } }));

it('asks for authentication with a redirect to the challenge page under the public URL', async () => {
  const intent = await kit.settledIntent('tok_3ds');
  expect(intent).toMatchObject({
    status: 'requires_action',
    nextAction: { type: 'redirect_to_url', url: `http://card.test/v1/payment_intents/${intent.id}/authenticate` },
  });
  expect(kit.delivered(intent.id)).toEqual(['payment_intent.requires_action']);
});

it('serves the challenge page to the browser without the secret key', async () => {
  const intent = await kit.settledIntent('tok_3ds', { reference: '<script>alert(1)</script>' });
  const res = await browser('GET', `/v1/payment_intents/${intent.id}/authenticate`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/html');
  const html = await res.text();
  expect(html).toContain('name="outcome" value="approve"');
  expect(html).toContain('name="outcome" value="fail"');
  expect(html).toContain(`action="/v1/payment_intents/${intent.id}/authenticate"`);
  expect(html).not.toContain('<script>');
});

it('continues like a plain card once approved: authorized, then captured', async () => {
  const intent = await kit.settledIntent('tok_3ds');
  const res = await browser('POST', `/v1/payment_intents/${intent.id}/authenticate`, '{"outcome":"approve"}');
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ status: 'processing', nextAction: null });
  await kit.sandbox.idle();
  expect((await kit.call('GET', `/v1/payment_intents/${intent.id}`)).body).toMatchObject({
    status: 'captured',
    amountCaptured: 2599,
  });
  expect(kit.delivered(intent.id)).toEqual([
    'payment_intent.requires_action',
    'payment_intent.authorized',
    'payment_intent.captured',
  ]);
});

it('approves by default and stops at authorized for manual capture', async () => {
  const intent = await kit.settledIntent('tok_3ds', { captureMethod: 'manual' });
  const res = await browser('POST', `/v1/payment_intents/${intent.id}/authenticate`);
  expect(res.status).toBe(200);
  await kit.sandbox.idle();
  expect((await kit.call('GET', `/v1/payment_intents/${intent.id}`)).body.status).toBe('authorized');
});

it('answers a form post from the challenge page with an HTML page', async () => {
  const intent = await kit.settledIntent('tok_3ds');
  const form = 'application/x-www-form-urlencoded';
  const res = await browser('POST', `/v1/payment_intents/${intent.id}/authenticate`, 'outcome=approve', form);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/html');
  expect(await res.text()).toContain('Authentication approved');
  await kit.sandbox.idle();
  expect((await kit.call('GET', `/v1/payment_intents/${intent.id}`)).body.status).toBe('captured');
});

it('fails the payment with authentication_failed when the shopper fails the challenge', async () => {
  const intent = await kit.settledIntent('tok_3ds');
  const form = 'application/x-www-form-urlencoded';
  const res = await browser('POST', `/v1/payment_intents/${intent.id}/authenticate`, 'outcome=fail', form);
  expect(await res.text()).toContain('Authentication failed');
  await kit.sandbox.idle();
  expect((await kit.call('GET', `/v1/payment_intents/${intent.id}`)).body).toMatchObject({
    status: 'failed',
    failureCode: 'authentication_failed',
  });
  expect(kit.delivered(intent.id)).toEqual(['payment_intent.requires_action', 'payment_intent.failed']);
});

it('refuses to authenticate an intent that is not waiting for it', async () => {
  const intent = await kit.createIntent();
  const res = await browser('POST', `/v1/payment_intents/${intent.id}/authenticate`, '{}');
  expect(res.status).toBe(409);
  expect(await res.json()).toMatchObject({ error: { code: 'invalid_state' } });
});

it('refuses an unknown outcome and an unknown intent', async () => {
  const intent = await kit.settledIntent('tok_3ds');
  const bad = await browser('POST', `/v1/payment_intents/${intent.id}/authenticate`, '{"outcome":"maybe"}');
  expect(bad.status).toBe(400);
  expect((await browser('GET', '/v1/payment_intents/pi_missing/authenticate')).status).toBe(404);
  expect((await browser('POST', '/v1/payment_intents/pi_missing/authenticate', '{}')).status).toBe(404);
});

describe('the return URL', () => {
  const form = 'application/x-www-form-urlencoded';
  const shop = 'http://shop.test/orders/ord_1?token=ord_1.123.abc';

  /** A 3-D Secure intent confirmed with the shop's return URL. */
  async function challengeReturningTo(returnUrl: string) {
    const intent = await kit.createIntent();
    const confirmed = await kit.call('POST', `/v1/payment_intents/${intent.id}/confirm`, {
      token: 'tok_3ds',
      returnUrl,
    });
    expect(confirmed.status).toBe(200);
    return confirmed.body;
  }

  it.each([
    ['approve', 'captured'],
    ['fail', 'failed'],
  ])(
    'sends the browser back to the shop (303) once the shopper answers %s, with the intent id',
    async (outcome, status) => {
      const intent = await challengeReturningTo(shop);
      expect(intent.returnUrl).toBe(shop);
      const res = await browser('POST', `/v1/payment_intents/${intent.id}/authenticate`, `outcome=${outcome}`, form);
      expect(res.status).toBe(303);
      const location = new URL(res.headers.get('location') ?? '');
      expect(`${location.origin}${location.pathname}`).toBe('http://shop.test/orders/ord_1');
      expect(location.searchParams.get('token')).toBe('ord_1.123.abc');
      expect(location.searchParams.get('payment_intent')).toBe(intent.id);
      await kit.sandbox.idle();
      expect((await kit.call('GET', `/v1/payment_intents/${intent.id}`)).body.status).toBe(status);
    },
  );

  it('still answers an API (JSON) authentication with the intent', async () => {
    const intent = await challengeReturningTo(shop);
    const res = await browser('POST', `/v1/payment_intents/${intent.id}/authenticate`, '{"outcome":"approve"}');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: intent.id, status: 'processing' });
  });

  it('links back to the shop from the page of a challenge already answered', async () => {
    const intent = await challengeReturningTo(shop);
    await browser('POST', `/v1/payment_intents/${intent.id}/authenticate`, 'outcome=approve', form);
    const html = await (await browser('GET', `/v1/payment_intents/${intent.id}/authenticate`)).text();
    expect(html).toContain('Nothing to authenticate');
    expect(html).toContain(`href="http://shop.test/orders/ord_1?token=ord_1.123.abc&#38;payment_intent=${intent.id}"`);
  });

  it.each(['javascript:alert(1)', 'ftp://shop.test/x', 'not a url'])(
    'refuses %s as a return URL',
    async (returnUrl) => {
      const intent = await kit.createIntent();
      const res = await kit.call('POST', `/v1/payment_intents/${intent.id}/confirm`, { token: 'tok_3ds', returnUrl });
      expect(res).toMatchObject({ status: 400, body: { error: { code: 'invalid_request' } } });
      expect((await kit.call('GET', `/v1/payment_intents/${intent.id}`)).body.status).toBe('requires_confirmation');
    },
  );
});
