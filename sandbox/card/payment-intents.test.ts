import { afterEach, describe, expect, it } from 'vitest';
import { startCardSandbox } from './card-test-kit';

let kit = startCardSandbox();
afterEach(() => {
  kit.sandbox.close();
  kit = startCardSandbox();
});

describe('creating and confirming', () => {
  it('creates an intent awaiting confirmation with automatic capture by default', async () => {
    const res = await kit.call('POST', '/v1/payment_intents', {
      amount: 2599,
      currency: 'EUR',
      reference: 'ord_1',
      metadata: { cart: 'c1' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      object: 'payment_intent',
      amount: 2599,
      currency: 'EUR',
      reference: 'ord_1',
      captureMethod: 'automatic',
      status: 'requires_confirmation',
      amountCapturable: 0,
      amountCaptured: 0,
      amountRefunded: 0,
      failureCode: null,
      nextAction: null,
      metadata: { cart: 'c1' },
    });
    expect(res.body.id).toMatch(/^pi_\w+$/);
    expect(new Date(res.body.createdAt).toISOString()).toBe(res.body.createdAt);
    expect((await kit.call('GET', `/v1/payment_intents/${res.body.id}`)).body).toEqual(res.body);
  });

  it('authorizes then captures a tok_visa payment, with a webhook for each step', async () => {
    const intent = await kit.createIntent();
    const confirmed = await kit.call('POST', `/v1/payment_intents/${intent.id}/confirm`, { token: 'tok_visa' });
    expect(confirmed).toMatchObject({ status: 200, body: { status: 'processing' } });
    await kit.sandbox.idle();
    const after = (await kit.call('GET', `/v1/payment_intents/${intent.id}`)).body;
    expect(after).toMatchObject({ status: 'captured', amountCaptured: 2599, amountCapturable: 0 });
    expect(kit.delivered(intent.id)).toEqual(['payment_intent.authorized', 'payment_intent.captured']);
    const authorized = kit.received.find((r) => r.event.type === 'payment_intent.authorized');
    expect(authorized?.event.data.object).toMatchObject({ status: 'authorized', amountCapturable: 2599 });
  });

  it('holds a manual-capture payment authorized until it is captured', async () => {
    const intent = await kit.settledIntent('tok_visa', { captureMethod: 'manual' });
    expect(intent).toMatchObject({ status: 'authorized', amountCapturable: 2599, amountCaptured: 0 });
    expect(kit.delivered(intent.id)).toEqual(['payment_intent.authorized']);
  });

  it.each([
    ['tok_decline', 'card_declined'],
    ['tok_insufficient_funds', 'insufficient_funds'],
  ])('fails a %s payment with failure code %s', async (token, failureCode) => {
    const intent = await kit.settledIntent(token);
    expect(intent).toMatchObject({ status: 'failed', failureCode, amountCapturable: 0 });
    expect(kit.delivered(intent.id)).toEqual(['payment_intent.failed']);
    expect(kit.received[0]?.event.data.object).toMatchObject({ status: 'failed', failureCode });
  });

  it('refuses an unknown card token and leaves the intent confirmable', async () => {
    const intent = await kit.createIntent();
    const res = await kit.call('POST', `/v1/payment_intents/${intent.id}/confirm`, { token: 'tok_bogus' });
    expect(res).toMatchObject({ status: 400, body: { error: { code: 'invalid_card_token' } } });
    expect((await kit.call('GET', `/v1/payment_intents/${intent.id}`)).body.status).toBe('requires_confirmation');
    const retry = await kit.call('POST', `/v1/payment_intents/${intent.id}/confirm`, { token: 'tok_visa' });
    expect(retry.body.status).toBe('processing');
  });

  it('refuses to confirm an intent twice', async () => {
    const intent = await kit.createIntent();
    await kit.call('POST', `/v1/payment_intents/${intent.id}/confirm`, { token: 'tok_visa' });
    const again = await kit.call('POST', `/v1/payment_intents/${intent.id}/confirm`, { token: 'tok_visa' });
    expect(again).toMatchObject({ status: 409, body: { error: { code: 'invalid_state' } } });
  });

  it('answers 404 not_found for an unknown intent', async () => {
    for (const [method, path, body] of [
      ['GET', '/v1/payment_intents/pi_missing', undefined],
      ['POST', '/v1/payment_intents/pi_missing/confirm', { token: 'tok_visa' }],
      ['POST', '/v1/payment_intents/pi_missing/capture', {}],
      ['POST', '/v1/payment_intents/pi_missing/cancel', undefined],
    ] as const) {
      expect(await kit.call(method, path, body)).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
    }
  });
});

describe('capturing', () => {
  it('captures part of an authorization and releases the rest', async () => {
    const intent = await kit.settledIntent('tok_visa', { captureMethod: 'manual' });
    const res = await kit.call('POST', `/v1/payment_intents/${intent.id}/capture`, { amount: 1000 });
    expect(res).toMatchObject({ status: 200, body: { status: 'captured', amountCaptured: 1000, amountCapturable: 0 } });
    await kit.sandbox.idle();
    expect(kit.delivered(intent.id)).toEqual(['payment_intent.authorized', 'payment_intent.captured']);
  });

  it('captures the whole capturable amount when no amount is given', async () => {
    const intent = await kit.settledIntent('tok_visa', { captureMethod: 'manual' });
    const res = await kit.call('POST', `/v1/payment_intents/${intent.id}/capture`);
    expect(res.body).toMatchObject({ status: 'captured', amountCaptured: 2599 });
  });

  it('refuses to capture more than is capturable', async () => {
    const intent = await kit.settledIntent('tok_visa', { captureMethod: 'manual' });
    const res = await kit.call('POST', `/v1/payment_intents/${intent.id}/capture`, { amount: 2600 });
    expect(res).toMatchObject({ status: 422, body: { error: { code: 'amount_too_large' } } });
    expect((await kit.call('GET', `/v1/payment_intents/${intent.id}`)).body.status).toBe('authorized');
  });

  it('answers a repeated capture with the captured intent and sends no second webhook', async () => {
    const intent = await kit.settledIntent('tok_visa');
    const res = await kit.call('POST', `/v1/payment_intents/${intent.id}/capture`, { amount: 5 });
    expect(res).toMatchObject({ status: 200, body: { status: 'captured', amountCaptured: 2599 } });
    await kit.sandbox.idle();
    expect(kit.delivered(intent.id)).toEqual(['payment_intent.authorized', 'payment_intent.captured']);
  });

  it.each(['tok_decline', 'none'])('refuses to capture an intent that is not authorized (%s)', async (token) => {
    const intent = token === 'none' ? await kit.createIntent() : await kit.settledIntent(token);
    const res = await kit.call('POST', `/v1/payment_intents/${intent.id}/capture`, {});
    expect(res).toMatchObject({ status: 409, body: { error: { code: 'invalid_state' } } });
  });

  it('lets a capture made after authorization win over the automatic capture step', async () => {
    // The receiver captures part of the payment as soon as it hears of the authorization.
    kit.sandbox.close();
    kit = startCardSandbox({
      delayMs: 40,
      answer: async (event) => {
        if (event.type === 'payment_intent.authorized') {
          await kit.call('POST', `/v1/payment_intents/${event.data.object.id}/capture`, { amount: 700 });
        }
        return 200;
      },
    });
    const intent = await kit.settledIntent('tok_visa');
    expect(intent).toMatchObject({ status: 'captured', amountCaptured: 700 });
    expect(kit.delivered(intent.id)).toEqual(['payment_intent.authorized', 'payment_intent.captured']);
  });
});

describe('cancelling', () => {
  it.each(['requires_confirmation', 'requires_action', 'authorized'])('cancels an intent that is %s', async (from) => {
    const token = { requires_confirmation: null, requires_action: 'tok_3ds', authorized: 'tok_visa' }[from];
    const intent = token ? await kit.settledIntent(token, { captureMethod: 'manual' }) : await kit.createIntent();
    expect(intent.status).toBe(from);
    const res = await kit.call('POST', `/v1/payment_intents/${intent.id}/cancel`);
    expect(res).toMatchObject({ status: 200, body: { status: 'cancelled', amountCapturable: 0, nextAction: null } });
    await kit.sandbox.idle();
    expect(kit.delivered(intent.id).at(-1)).toBe('payment_intent.cancelled');
  });

  it('cancelling while processing drops the pending authorization', async () => {
    kit.sandbox.close();
    kit = startCardSandbox({ delayMs: 30 });
    const intent = await kit.createIntent();
    await kit.call('POST', `/v1/payment_intents/${intent.id}/confirm`, { token: 'tok_visa' });
    const res = await kit.call('POST', `/v1/payment_intents/${intent.id}/cancel`);
    expect(res.body.status).toBe('cancelled');
    await kit.sandbox.idle();
    expect((await kit.call('GET', `/v1/payment_intents/${intent.id}`)).body.status).toBe('cancelled');
    expect(kit.delivered(intent.id)).toEqual(['payment_intent.cancelled']);
  });

  it('answers a second cancel unchanged without another webhook', async () => {
    const intent = await kit.createIntent();
    await kit.call('POST', `/v1/payment_intents/${intent.id}/cancel`);
    const again = await kit.call('POST', `/v1/payment_intents/${intent.id}/cancel`);
    expect(again).toMatchObject({ status: 200, body: { status: 'cancelled' } });
    await kit.sandbox.idle();
    expect(kit.delivered(intent.id)).toEqual(['payment_intent.cancelled']);
  });

  it.each(['tok_visa', 'tok_decline'])('refuses to cancel a captured or failed intent (%s)', async (token) => {
    const intent = await kit.settledIntent(token);
    const res = await kit.call('POST', `/v1/payment_intents/${intent.id}/cancel`);
    expect(res).toMatchObject({ status: 409, body: { error: { code: 'invalid_state' } } });
  });
});
