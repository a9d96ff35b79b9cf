/**
 * The objects the card sandbox hands out, shaped as in the contract the origin's payment
 * adapter is written against, and the in-memory state its operations share.
 */
import type { StepClock } from './step-clock';

export type CaptureMethod = 'automatic' | 'manual';

export type IntentStatus =
  | 'requires_confirmation'
  | 'requires_action'
  | 'processing'
  | 'authorized'
  | 'captured'
  | 'failed'
  | 'cancelled';

export interface PaymentIntent {
  id: string;
  object: 'payment_intent';
  amount: number;
  currency: string;
  reference: string;
  captureMethod: CaptureMethod;
  status: IntentStatus;
  amountCapturable: number;
  amountCaptured: number;
  amountRefunded: number;
  failureCode: string | null;
  nextAction: { type: 'redirect_to_url'; url: string } | null;
  /** Where the 3-D Secure page sends the shopper back to (given when confirming), or null. */
  returnUrl: string | null;
  metadata: Record<string, string>;
  createdAt: string;
}

export interface Refund {
  id: string;
  object: 'refund';
  paymentIntent: string;
  amount: number;
  currency: string;
  status: 'pending' | 'succeeded' | 'failed';
  reference: string | null;
  createdAt: string;
}

export interface CardState {
  readonly intents: Map<string, PaymentIntent>;
  readonly refunds: Map<string, Refund>;
  readonly clock: StepClock;
  /** Base URL of this service as the shopper's browser reaches it (for 3-D Secure links). */
  readonly publicUrl: string;
  /** Queues a webhook behind the earlier events of the same payment intent. */
  emit(intentId: string, type: string, data: Record<string, unknown>): void;
}

export type CardErrorCode = 'not_found' | 'invalid_state' | 'amount_too_large' | 'invalid_card_token';

/** Expected refusals are results with a stable code, as a real processor's API returns them. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; code: CardErrorCode; message: string };

export function ok<T>(value: T): Outcome<T> {
  return { ok: true, value };
}

export function refuse(code: CardErrorCode, message: string): Outcome<never> {
  return { ok: false, code, message };
}

/** Prefixed random ids (`pi_…`, `re_…`, `evt_…`) so logs read well. */
export function newId(prefix: 'pi' | 're' | 'evt'): string {
  return `${prefix}_${crypto.randomUUID().replaceAll('-', '').slice(0, 24)}`;
}

/**
 * A copy frozen at this moment: answers kept for idempotent replays and webhook payloads must
 * show the object as it was, not as it later became.
 */
export function snapshot<T>(object: T): T {
  return structuredClone(object);
}
