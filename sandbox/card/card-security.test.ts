import { afterEach, describe, expect, it } from 'vitest';
import { startCardSandbox } from './card-test-kit';

let kit = startCardSandbox();
afterEach(() => {
  kit.sandbox.close();
  kit = startCardSandbox();
});

describe('authentication', () => {
  it.each([
    ['no Authorization header', undefined],
    ['a wrong secret key', 'Bearer sk_test_wrong'],
    ['a key without the Bearer scheme', 'sk_test_kit'],
  ])('refuses API calls with %s', async (_case, authorization) => {
    const intent = await kit.createIntent();
    const headers: Record<string, string> = authorization ? { authorization } : {};
    for (const [method, path] of [
      ['POST', '/v1/payment_intents'],
      ['GET', `/v1/payment_intents/${intent.id}`],
      ['POST', `/v1/payment_intents/${intent.id}/confirm`],
      ['POST', `/v1/payment_intents/${intent.id}/cancel`],
      ['POST', '/v1/refunds'],
      ['GET', '/v1/events'],
    ]) {
      const res = await kit.sandbox.fetch(new Request(`http://card.test${path}`, { method, headers }));
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: { code: 'unauthorized' } });
    }
    expect((await kit.call('GET', `/v1/payment_intents/${intent.id}`)).body.status).toBe('requires_confirmation');
  });

  it('answers health checks without a key and unknown routes with a JSON 404', async () => {
    const health = await kit.sandbox.fetch(new Request('http://card.test/health'));
    expect(await health.json()).toEqual({ status: 'ok' });
    expect(await kit.call('GET', '/nope')).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
  });
});

describe('idempotency', () => {
  const body = { amount: 1200, currency: 'USD', reference: 'ord_idem' };

  it('replays the first answer for a repeated key and body instead of creating again', async () => {
    const first = await kit.call('POST', '/v1/payment_intents', body, { 'idempotency-key': 'k-create' });
    const again = await kit.call('POST', '/v1/payment_intents', body, { 'idempotency-key': 'k-create' });
    expect(again).toEqual(first);
    const fresh = await kit.call('POST', '/v1/payment_intents', body, { 'idempotency-key': 'k-other' });
    expect(fresh.body.id).not.toBe(first.body.id);
  });

  it('creates one intent for concurrent requests with the same key', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, () => kit.call('POST', '/v1/payment_intents', body, { 'idempotency-key': 'k-race' })),
    );
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
  });

  it('replays a confirm instead of refusing it as already confirmed, with no second effect', async () => {
    const intent = await kit.createIntent();
    const path = `/v1/payment_intents/${intent.id}/confirm`;
    const first = await kit.call('POST', path, { token: 'tok_visa' }, { 'idempotency-key': 'k-confirm' });
    await kit.sandbox.idle();
    const again = await kit.call('POST', path, { token: 'tok_visa' }, { 'idempotency-key': 'k-confirm' });
    expect(again).toEqual(first);
    expect(again.body.status).toBe('processing');
    await kit.sandbox.idle();
    expect(kit.delivered(intent.id)).toEqual(['payment_intent.authorized', 'payment_intent.captured']);
  });

  it('refunds once for a repeated refund request', async () => {
    const intent = await kit.settledIntent('tok_visa');
    const request = { paymentIntent: intent.id, amount: 500 };
    const first = await kit.call('POST', '/v1/refunds', request, { 'idempotency-key': 'k-refund' });
    const again = await kit.call('POST', '/v1/refunds', request, { 'idempotency-key': 'k-refund' });
    expect(again).toEqual(first);
    await kit.sandbox.idle();
    expect((await kit.call('GET', `/v1/payment_intents/${intent.id}`)).body.amountRefunded).toBe(500);
  });

  it('refuses a key reused with a different body', async () => {
    await kit.call('POST', '/v1/payment_intents', body, { 'idempotency-key': 'k-reuse' });
    const res = await kit.call('POST', '/v1/payment_intents', { ...body, amount: 1 }, { 'idempotency-key': 'k-reuse' });
    expect(res).toMatchObject({ status: 422, body: { error: { code: 'idempotency_key_reused' } } });
  });

  it('keeps keys apart per route', async () => {
    const a = await kit.createIntent();
    const b = await kit.createIntent();
    const key = { 'idempotency-key': 'k-shared' };
    await kit.call('POST', `/v1/payment_intents/${a.id}/cancel`, undefined, key);
    const res = await kit.call('POST', `/v1/payment_intents/${b.id}/cancel`, undefined, key);
    expect(res.body).toMatchObject({ id: b.id, status: 'cancelled' });
  });

  it('lets a caller fix an invalid body and retry with the same key', async () => {
    const key = { 'idempotency-key': 'k-fix' };
    expect((await kit.call('POST', '/v1/payment_intents', { ...body, currency: 'usd' }, key)).status).toBe(400);
    expect((await kit.call('POST', '/v1/payment_intents', body, key)).status).toBe(201);
  });

  it('refuses an Idempotency-Key longer than 255 characters', async () => {
    const res = await kit.call('POST', '/v1/payment_intents', body, { 'idempotency-key': 'k'.repeat(256) });
    expect(res).toMatchObject({ status: 400, body: { error: { code: 'invalid_request' } } });
  });
});

describe('request validation', () => {
  const valid = { amount: 1200, currency: 'EUR', reference: 'ord_v' };

  it.each([
    ['malformed JSON', '{"amount":'],
    ['a zero amount', { ...valid, amount: 0 }],
    ['a fractional amount', { ...valid, amount: 12.5 }],
    ['an amount given as a string', { ...valid, amount: '1200' }],
    ['a lower-case currency', { ...valid, currency: 'eur' }],
    ['an empty reference', { ...valid, reference: '' }],
    ['a reference over 200 characters', { ...valid, reference: 'r'.repeat(201) }],
    ['an unknown capture method', { ...valid, captureMethod: 'later' }],
    ['non-string metadata', { ...valid, metadata: { n: 1 } }],
    ['a misspelled field', { ...valid, capture_method: 'manual' }],
  ])('refuses to create an intent from %s', async (_case, body) => {
    const res = await kit.call('POST', '/v1/payment_intents', body);
    expect(res).toMatchObject({ status: 400, body: { error: { code: 'invalid_request' } } });
  });

  it('reads API bodies as JSON whatever the Content-Type says', async () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    expect((await kit.call('POST', '/v1/payment_intents', valid, form)).status).toBe(201);
  });

  it('refuses a confirm without a token', async () => {
    const intent = await kit.createIntent();
    const res = await kit.call('POST', `/v1/payment_intents/${intent.id}/confirm`, {});
    expect(res).toMatchObject({ status: 400, body: { error: { code: 'invalid_request' } } });
  });
});
