/**
 * A payment intent's life in the card sandbox. Confirming with a test token decides the card's
 * fate; the network's answer arrives later on the step clock, with a webhook per transition.
 * Every step re-checks the status when it fires, so a cancel in between wins.
 */
import {
  type CaptureMethod,
  type CardState,
  newId,
  type Outcome,
  ok,
  type PaymentIntent,
  refuse,
  snapshot,
} from './card-objects';

export interface CreateIntentInput {
  amount: number;
  currency: string;
  reference: string;
  captureMethod: CaptureMethod;
  metadata: Record<string, string>;
}

/** Test tokens that the issuer declines, with the failure code each one reports. */
const DECLINES: Record<string, string> = {
  tok_decline: 'card_declined',
  tok_insufficient_funds: 'insufficient_funds',
};

export function createIntent(state: CardState, input: CreateIntentInput): PaymentIntent {
  const intent: PaymentIntent = {
    id: newId('pi'),
    object: 'payment_intent',
    ...input,
    status: 'requires_confirmation',
    amountCapturable: 0,
    amountCaptured: 0,
    amountRefunded: 0,
    failureCode: null,
    nextAction: null,
    returnUrl: null,
    createdAt: new Date().toISOString(),
  };
  state.intents.set(intent.id, intent);
  return snapshot(intent);
}

export function findIntent(state: CardState, id: string): Outcome<PaymentIntent> {
  const intent = state.intents.get(id);
  return intent ? ok(snapshot(intent)) : notFound(id);
}

/**
 * Submits the card: `tok_visa` authorizes, the decline tokens fail, `tok_3ds` asks the shopper
 * (and sends them to `returnUrl` afterwards, when given).
 */
export function confirmIntent(
  state: CardState,
  id: string,
  token: string,
  returnUrl: string | null = null,
): Outcome<PaymentIntent> {
  const intent = state.intents.get(id);
  if (!intent) return notFound(id);
  if (intent.status !== 'requires_confirmation') return wrongState(intent, 'confirmed');
  const decline = DECLINES[token];
  if (token !== 'tok_visa' && token !== 'tok_3ds' && !decline) {
    return refuse('invalid_card_token', `No such card token: ${token}`);
  }
  intent.returnUrl = returnUrl;
  intent.status = token === 'tok_3ds' ? 'requires_action' : 'processing';
  if (token === 'tok_visa') authorizeLater(state, intent);
  else if (decline) failLater(state, intent, decline);
  else {
    intent.nextAction = { type: 'redirect_to_url', url: `${state.publicUrl}/v1/payment_intents/${id}/authenticate` };
    emit(state, 'payment_intent.requires_action', intent);
  }
  return ok(snapshot(intent));
}

/** The shopper's answer to the 3-D Secure challenge. */
export function authenticateIntent(state: CardState, id: string, outcome: 'approve' | 'fail'): Outcome<PaymentIntent> {
  const intent = state.intents.get(id);
  if (!intent) return notFound(id);
  if (intent.status !== 'requires_action') return wrongState(intent, 'authenticated');
  intent.status = 'processing';
  intent.nextAction = null;
  if (outcome === 'approve') authorizeLater(state, intent);
  else failLater(state, intent, 'authentication_failed');
  return ok(snapshot(intent));
}

/** Captures all or part of an authorization; the uncaptured rest is released. */
export function captureIntent(state: CardState, id: string, amount?: number): Outcome<PaymentIntent> {
  const intent = state.intents.get(id);
  if (!intent) return notFound(id);
  // A repeated capture is answered, not refused: the caller may be retrying after a timeout.
  if (intent.status === 'captured') return ok(snapshot(intent));
  if (intent.status !== 'authorized') return wrongState(intent, 'captured');
  const toCapture = amount ?? intent.amountCapturable;
  if (toCapture > intent.amountCapturable) {
    return refuse('amount_too_large', `Cannot capture ${toCapture}: only ${intent.amountCapturable} is capturable`);
  }
  capture(state, intent, toCapture);
  return ok(snapshot(intent));
}

export function cancelIntent(state: CardState, id: string): Outcome<PaymentIntent> {
  const intent = state.intents.get(id);
  if (!intent) return notFound(id);
  if (intent.status === 'cancelled') return ok(snapshot(intent));
  if (intent.status === 'captured' || intent.status === 'failed') return wrongState(intent, 'cancelled');
  state.clock.clear(intent.id);
  intent.status = 'cancelled';
  intent.amountCapturable = 0;
  intent.nextAction = null;
  emit(state, 'payment_intent.cancelled', intent);
  return ok(snapshot(intent));
}

function authorizeLater(state: CardState, intent: PaymentIntent) {
  state.clock.schedule(intent.id, () => {
    if (intent.status !== 'processing') return;
    intent.status = 'authorized';
    intent.amountCapturable = intent.amount;
    emit(state, 'payment_intent.authorized', intent);
    if (intent.captureMethod !== 'automatic') return;
    state.clock.schedule(intent.id, () => {
      if (intent.status === 'authorized') capture(state, intent, intent.amountCapturable);
    });
  });
}

function failLater(state: CardState, intent: PaymentIntent, failureCode: string) {
  state.clock.schedule(intent.id, () => {
    if (intent.status !== 'processing') return;
    intent.status = 'failed';
    intent.failureCode = failureCode;
    emit(state, 'payment_intent.failed', intent);
  });
}

function capture(state: CardState, intent: PaymentIntent, amount: number) {
  intent.status = 'captured';
  intent.amountCaptured = amount;
  intent.amountCapturable = 0;
  emit(state, 'payment_intent.captured', intent);
}

function emit(state: CardState, type: string, intent: PaymentIntent) {
  state.emit(intent.id, type, { object: snapshot(intent) });
}

function notFound(id: string): Outcome<never> {
  return refuse('not_found', `No such payment intent: ${id}`);
}

function wrongState(intent: PaymentIntent, verb: string): Outcome<never> {
  return refuse('invalid_state', `Payment intent ${intent.id} is ${intent.status} and cannot be ${verb}`);
}
