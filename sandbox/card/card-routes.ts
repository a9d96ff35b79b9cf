/**
 * The card API proper: payment intents and refunds. Thin handlers that validate, call one
 * payment-intent or refund function and map its outcome.
 */
import { Hono } from 'hono';
import type { IdempotencyStore } from '../lib/idempotency';
import { fromOutcome, handlePost, reply } from './card-http';
import type { CardState } from './card-objects';
import { captureBody, confirmBody, createIntentBody, emptyBody, refundBody } from './card-schemas';
import { cancelIntent, captureIntent, confirmIntent, createIntent, findIntent } from './payment-intents';
import { createRefund, findRefund } from './refunds';

export function cardRoutes(state: CardState, store: IdempotencyStore): Hono {
  const api = new Hono();

  api.post('/payment_intents', (c) =>
    handlePost(c, store, createIntentBody, (input) => ({ status: 201, body: createIntent(state, input) })),
  );
  api.get('/payment_intents/:id', (c) => reply(c, fromOutcome(findIntent(state, c.req.param('id')))));
  api.post('/payment_intents/:id/confirm', (c) =>
    handlePost(c, store, confirmBody, (input) =>
      fromOutcome(confirmIntent(state, c.req.param('id'), input.token, input.returnUrl ?? null)),
    ),
  );
  api.post('/payment_intents/:id/capture', (c) =>
    handlePost(c, store, captureBody, (input) => fromOutcome(captureIntent(state, c.req.param('id'), input.amount))),
  );
  api.post('/payment_intents/:id/cancel', (c) =>
    handlePost(c, store, emptyBody, () => fromOutcome(cancelIntent(state, c.req.param('id')))),
  );

  api.post('/refunds', (c) =>
    handlePost(c, store, refundBody, (input) => fromOutcome(createRefund(state, input), 201)),
  );
  api.get('/refunds/:id', (c) => reply(c, fromOutcome(findRefund(state, c.req.param('id')))));

  return api;
}
