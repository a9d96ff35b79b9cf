import { afterEach, expect, it } from 'vitest';
import type { PaymentIntent, Refund } from './card-objects';
import { startCardSandbox } from './card-test-kit';

let kit = startCardSandbox();
afterEach(() => {
  kit.sandbox.close();
  kit = startCardSandbox();
});

const refund = (body: Record<string, unknown>) => kit.call<Refund>('POST', '/v1/refunds', body);
const intentNow = async (id: string) => (await kit.call<PaymentIntent>('GET', `/v1/payment_intents/${id}`)).body;

it('refunds the whole captured amount by default and settles it later with a webhook', async () => {
  const intent = await kit.settledIntent('tok_visa');
  const res = await refund({ paymentIntent: intent.id });
  expect(res.status).toBe(201);
  expect(res.body).toMatchObject({
    object: 'refund',
    paymentIntent: intent.id,
    amount: 2599,
    currency: 'EUR',
    status: 'pending',
    reference: null,
  });
  expect(res.body.id).toMatch(/^re_\w+$/);
  await kit.sandbox.idle();
  expect((await kit.call<Refund>('GET', `/v1/refunds/${res.body.id}`)).body.status).toBe('succeeded');
  expect((await intentNow(intent.id)).amountRefunded).toBe(2599);
  const event = kit.received.find((r) => r.event.type === 'refund.succeeded')?.event;
  expect(event?.data.object).toMatchObject({ id: res.body.id, status: 'succeeded', amount: 2599 });
  expect(event?.data.paymentIntent).toMatchObject({ id: intent.id, amountRefunded: 2599 });
  expect(kit.delivered(intent.id)).toEqual([
    'payment_intent.authorized',
    'payment_intent.captured',
    'refund.succeeded',
  ]);
});

it('refunds in parts, keeping the reference, until nothing is left', async () => {
  const intent = await kit.settledIntent('tok_visa');
  expect((await refund({ paymentIntent: intent.id, amount: 1000, reference: 'rma_1' })).body).toMatchObject({
    amount: 1000,
    reference: 'rma_1',
  });
  expect((await refund({ paymentIntent: intent.id })).body.amount).toBe(1599);
  const none = await refund({ paymentIntent: intent.id, amount: 1 });
  expect(none).toMatchObject({ status: 422, body: { error: { code: 'amount_too_large' } } });
  expect((await refund({ paymentIntent: intent.id })).status).toBe(422);
  await kit.sandbox.idle();
  expect((await intentNow(intent.id)).amountRefunded).toBe(2599);
});

it('counts pending refunds against what is left to refund', async () => {
  kit.sandbox.close();
  kit = startCardSandbox({ delayMs: 100 });
  const intent = await kit.settledIntent('tok_visa');
  expect((await refund({ paymentIntent: intent.id, amount: 2000 })).body.status).toBe('pending');
  const res = await refund({ paymentIntent: intent.id, amount: 600 });
  expect(res).toMatchObject({ status: 422, body: { error: { code: 'amount_too_large' } } });
});

it('refunds no more than was captured after a partial capture', async () => {
  const intent = await kit.settledIntent('tok_visa', { captureMethod: 'manual' });
  await kit.call('POST', `/v1/payment_intents/${intent.id}/capture`, { amount: 1000 });
  expect((await refund({ paymentIntent: intent.id, amount: 1001 })).status).toBe(422);
  expect((await refund({ paymentIntent: intent.id })).body.amount).toBe(1000);
});

it('never lets concurrent refunds together exceed the captured amount', async () => {
  const intent = await kit.settledIntent('tok_visa');
  const results = await Promise.all(
    Array.from({ length: 20 }, () => refund({ paymentIntent: intent.id, amount: 500 })),
  );
  expect(results.filter((r) => r.status === 201)).toHaveLength(5);
  expect(results.filter((r) => r.status === 422)).toHaveLength(15);
  await kit.sandbox.idle();
  expect((await intentNow(intent.id)).amountRefunded).toBe(2500);
});

it.each(['tok_decline', 'manual'])('refuses to refund a payment that is not captured (%s)', async (kind) => {
  const intent =
    kind === 'manual'
      ? await kit.settledIntent('tok_visa', { captureMethod: 'manual' })
      : await kit.settledIntent('tok_decline');
  const res = await refund({ paymentIntent: intent.id });
  expect(res).toMatchObject({ status: 409, body: { error: { code: 'invalid_state' } } });
});

it('answers 404 for an unknown payment intent or refund', async () => {
  expect((await refund({ paymentIntent: 'pi_missing' })).status).toBe(404);
  expect(await kit.call('GET', '/v1/refunds/re_missing')).toMatchObject({
    status: 404,
    body: { error: { code: 'not_found' } },
  });
});

it('refuses a refund body that is not valid', async () => {
  const intent = await kit.settledIntent('tok_visa');
  for (const body of [{}, { paymentIntent: intent.id, amount: 0 }, { paymentIntent: intent.id, amount: 1.5 }]) {
    expect((await refund(body)).body).toMatchObject({ error: { code: 'invalid_request' } });
  }
});
