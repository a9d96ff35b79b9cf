/**
 * The payment provider interface. A provider (the shipped `sandbox-card`, or Stripe, Adyen, …)
 * is one file implementing it; the registry (providers.ts) picks it by name from the
 * configuration. Every call that moves money carries an idempotency key, so a retried call
 * (after a timeout, a crash, a redelivered queue message) never charges or refunds twice.
 *
 * Authorisation and capture are asynchronous, as with real processors: the calls start them,
 * and the outcome arrives as a signed webhook, which `verifyWebhook` checks and normalises.
 */
import type { Result } from '../platform/result';

/** A provider's view of one payment. */
export interface ProviderIntent {
  /** The provider's id (stored as `payments.provider_ref`). */
  ref: string;
  status:
    | 'requires_confirmation'
    | 'requires_action'
    | 'processing'
    | 'authorized'
    | 'captured'
    | 'failed'
    | 'cancelled';
  /** What the shopper must do next (e.g. a 3-D Secure page), or null. */
  nextAction: Record<string, unknown> | null;
  failureCode: string | null;
}

export interface ProviderRefund {
  ref: string;
  status: 'pending' | 'succeeded' | 'failed';
}

/** A webhook, verified and normalised. */
export type ProviderEvent =
  | {
      id: string;
      type:
        | 'payment.requires_action'
        | 'payment.authorized'
        | 'payment.captured'
        | 'payment.failed'
        | 'payment.cancelled';
      intentRef: string;
      /** Captured amount for `payment.captured`; the intent's amount otherwise. */
      amount: number;
      failureCode: string | null;
      nextAction: Record<string, unknown> | null;
    }
  | {
      id: string;
      type: 'refund.succeeded' | 'refund.failed';
      intentRef: string;
      refundRef: string;
      amount: number;
    };

/** A provider refused a call: an expected outcome (declined, invalid state), not an outage. */
export class ProviderRefusal extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ProviderRefusal';
  }
}

export interface AuthorizeOptions {
  returnUrl?: string;
}

export interface PaymentProvider {
  readonly name: string;
  /** Creates the payment at the provider (nothing is charged yet). */
  createIntent(
    input: { amount: number; currency: string; reference: string; captureMethod: 'automatic' | 'manual' },
    idempotencyKey: string,
  ): Promise<ProviderIntent>;
  /**
   * Authorises the intent with the shopper's card token (capture follows when automatic).
   * `returnUrl` is where the provider sends the shopper's browser after a 3-D Secure challenge
   * (the shop's order page); the same payment always passes the same one, so a retried call
   * keeps the same body under its idempotency key.
   */
  authorize(ref: string, token: string, idempotencyKey: string, options?: AuthorizeOptions): Promise<ProviderIntent>;
  /** Captures an authorised intent (manual capture). */
  capture(ref: string, amount: number, idempotencyKey: string): Promise<ProviderIntent>;
  /** Cancels an intent that was not captured. */
  cancel(ref: string, idempotencyKey: string): Promise<ProviderIntent>;
  /** Refunds part or all of a captured intent. */
  refund(ref: string, amount: number, idempotencyKey: string): Promise<ProviderRefund>;
  /** Checks the webhook's signature and freshness, and normalises it. */
  verifyWebhook(request: {
    headers: Headers;
    body: string;
    nowMs: number;
  }): Promise<
    Result<{ event: ProviderEvent; signature: string }, 'invalid_signature' | 'stale_webhook' | 'invalid_request'>
  >;
}
