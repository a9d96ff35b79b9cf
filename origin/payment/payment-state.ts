/**
 * How a payment moves when its provider reports something, as a pure function. Webhooks may
 * arrive twice or out of order (captured before authorized): a payment only moves forward,
 * and an event that changes nothing returns null. A capture is always recorded, even for a
 * payment we had given up on (cancelled, failed): the money was taken, so it must be seen and
 * refunded, never lost.
 */
import type { PaymentStatus } from '../../contract/orders';
import type { ProviderEvent } from './provider';

export interface PaymentState {
  status: PaymentStatus;
  amount: number;
  amountCaptured: number;
}

export interface PaymentChange {
  status: PaymentStatus;
  amountCaptured?: number;
  failureCode?: string | null;
  nextAction?: Record<string, unknown> | null;
}

const OPEN: readonly PaymentStatus[] = ['pending', 'requires_action', 'processing'];

export function applyPaymentEvent(
  current: PaymentState,
  event: Extract<ProviderEvent, { type: `payment.${string}` }>,
): PaymentChange | null {
  switch (event.type) {
    case 'payment.requires_action':
      return current.status === 'pending' || current.status === 'processing'
        ? { status: 'requires_action', nextAction: event.nextAction }
        : null;
    case 'payment.authorized':
      return OPEN.includes(current.status) ? { status: 'authorized', nextAction: null } : null;
    case 'payment.captured':
      if (current.status === 'captured') return null;
      return { status: 'captured', amountCaptured: Math.min(event.amount, current.amount), nextAction: null };
    case 'payment.failed':
      return OPEN.includes(current.status)
        ? { status: 'failed', failureCode: event.failureCode ?? 'failed', nextAction: null }
        : null;
    case 'payment.cancelled':
      return current.status === 'captured' || current.status === 'cancelled' || current.status === 'failed'
        ? null
        : { status: 'cancelled', nextAction: null };
  }
}

/** Whether a payment may still be captured or cancelled at the provider. */
export function isOpen(status: PaymentStatus): boolean {
  return OPEN.includes(status) || status === 'authorized';
}

/** What may still be refunded: captured minus refunded minus refunds under way. */
export function refundable(p: { amountCaptured: number; amountRefunded: number }, pendingRefunds: number): number {
  return Math.max(0, p.amountCaptured - p.amountRefunded - pendingRefunds);
}
