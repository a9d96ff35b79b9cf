/**
 * Refunds of captured payments. The amount is reserved when the refund is created (pending
 * refunds count against what is left), so refunds requested at the same time can never
 * together give back more than was captured. Settlement arrives later with a webhook.
 */
import { type CardState, newId, type Outcome, ok, type Refund, refuse, snapshot } from './card-objects';

export interface CreateRefundInput {
  paymentIntent: string;
  amount?: number;
  reference?: string;
}

export function createRefund(state: CardState, input: CreateRefundInput): Outcome<Refund> {
  const intent = state.intents.get(input.paymentIntent);
  if (!intent) return refuse('not_found', `No such payment intent: ${input.paymentIntent}`);
  if (intent.status !== 'captured') {
    return refuse('invalid_state', `Payment intent ${intent.id} is ${intent.status}; only captured payments refund`);
  }
  const refundable = intent.amountCaptured - reserved(state, intent.id);
  const amount = input.amount ?? refundable;
  if (amount < 1 || amount > refundable) {
    return refuse('amount_too_large', `Cannot refund ${amount}: ${refundable} is left to refund`);
  }
  const refund: Refund = {
    id: newId('re'),
    object: 'refund',
    paymentIntent: intent.id,
    amount,
    currency: intent.currency,
    status: 'pending',
    reference: input.reference ?? null,
    createdAt: new Date().toISOString(),
  };
  state.refunds.set(refund.id, refund);
  state.clock.schedule(refund.id, () => {
    if (refund.status !== 'pending') return;
    refund.status = 'succeeded';
    intent.amountRefunded += refund.amount;
    state.emit(intent.id, 'refund.succeeded', { object: snapshot(refund), paymentIntent: snapshot(intent) });
  });
  return ok(snapshot(refund));
}

export function findRefund(state: CardState, id: string): Outcome<Refund> {
  const refund = state.refunds.get(id);
  return refund ? ok(snapshot(refund)) : refuse('not_found', `No such refund: ${id}`);
}

/** What the intent's pending and succeeded refunds already give back. */
function reserved(state: CardState, intentId: string): number {
  let sum = 0;
  for (const r of state.refunds.values()) {
    if (r.paymentIntent === intentId && r.status !== 'failed') sum += r.amount;
  }
  return sum;
}
