/**
 * Applies what a provider reported (a webhook, or the answer to our own call) to the payment
 * and, through the orders context, to the order: authorised → confirmed, captured → paid. A
 * failed or cancelled payment leaves the order `pending_payment` with its stock held, noted in
 * its history: the shopper may pay again until the payment deadline, which cancels it (see
 * retry-rules.ts). Money taken for an order that was cancelled meanwhile, or by an attempt that
 * a newer one replaced, is refunded at once; such an authorisation is voided. Runs in the
 * caller's transaction with the payment row locked.
 */
import { eq } from 'drizzle-orm';
import { payments } from '../../db/schema/payment';
import { moveOrder, noteOnOrder, orderStatusOf } from '../orders';
import type { Tx } from '../platform/context';
import { enqueue } from '../platform/outbox/outbox';
import { applyPaymentEvent, type PaymentChange } from './payment-state';
import { currentPayment, type PaymentRow } from './payments';
import type { ProviderEvent, ProviderIntent } from './provider';
import { createRefund } from './refunds';
import { PaymentTopics } from './topics';

type PaymentEvent = Extract<ProviderEvent, { type: `payment.${string}` }>;

export async function applyToPayment(tx: Tx, payment: PaymentRow, event: PaymentEvent): Promise<PaymentRow> {
  const change = applyPaymentEvent(payment, event);
  if (!change) return payment;
  const updated = await save(tx, payment, change);
  await orderEffects(tx, updated);
  return updated;
}

/** The same, from the intent a provider call returned (a synchronous answer is news too). */
export function applyIntent(tx: Tx, payment: PaymentRow, intent: ProviderIntent): Promise<PaymentRow> {
  const type = INTENT_EVENTS[intent.status];
  if (!type) {
    return intent.status === 'processing' && payment.status === 'pending'
      ? save(tx, payment, { status: 'processing', nextAction: null })
      : Promise.resolve(payment);
  }
  return applyToPayment(tx, payment, {
    id: `sync:${intent.ref}:${intent.status}`,
    type,
    intentRef: intent.ref,
    amount: payment.amount,
    failureCode: intent.failureCode,
    nextAction: intent.nextAction,
  });
}

const INTENT_EVENTS: Partial<Record<ProviderIntent['status'], PaymentEvent['type']>> = {
  requires_action: 'payment.requires_action',
  authorized: 'payment.authorized',
  captured: 'payment.captured',
  failed: 'payment.failed',
  cancelled: 'payment.cancelled',
};

async function save(tx: Tx, payment: PaymentRow, change: PaymentChange): Promise<PaymentRow> {
  const [row] = await tx
    .update(payments)
    .set({ ...change, updatedAt: new Date() })
    .where(eq(payments.id, payment.id))
    .returning();
  if (!row) throw new Error(`payment ${payment.id} vanished`);
  return row;
}

async function orderEffects(tx: Tx, payment: PaymentRow): Promise<void> {
  const orderId = payment.orderId;
  const status = await orderStatusOf(tx, orderId);
  if (!status) return;
  // Only the latest attempt speaks for the order; an older one must not charge a second time.
  const superseded = (await currentPayment(tx, orderId))?.id !== payment.id;
  switch (payment.status) {
    case 'authorized':
      if (status === 'cancelled' || superseded) {
        await enqueue(tx, { topic: PaymentTopics.cancelRequested, aggregateId: payment.id });
      } else {
        await moveOrder(tx, orderId, 'confirmed', 'payment_authorized', ['pending_payment']);
      }
      return;
    case 'captured':
      if (status === 'cancelled' || superseded) {
        // Taken after we gave up on it (a late 3-D Secure, a race with the payment deadline).
        await createRefund(tx, payment, {
          amount: null,
          reason: status === 'cancelled' ? 'order_cancelled' : 'attempt_superseded',
          idempotencyKey: `auto:${payment.id}`,
        });
      } else {
        await moveOrder(tx, orderId, 'paid', 'payment_captured', ['pending_payment', 'confirmed']);
      }
      return;
    case 'failed':
    case 'cancelled':
      if (superseded || status !== 'pending_payment') return;
      await noteOnOrder(
        tx,
        { id: orderId, status },
        payment.status === 'failed' ? `payment_failed:${payment.failureCode ?? 'unknown'}` : 'payment_cancelled',
      );
      return;
  }
}
