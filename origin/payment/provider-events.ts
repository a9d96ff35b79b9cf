/**
 * Consumer of `payment.provider_event`: a verified webhook, applied to its payment or refund.
 * Duplicates are skipped by runOnce and by the forward-only payment state; an event for a
 * payment or refund not yet known here (its id is committed by the call that created it,
 * which may still be running) throws, so the queue retries it shortly.
 */
import { eq } from 'drizzle-orm';
import { refunds } from '../../db/schema/payment';
import type { Tx } from '../platform/context';
import { applyToPayment } from './payment-effects';
import { paymentByRef } from './payments';
import type { ProviderEvent } from './provider';
import { completeRefund, failRefund } from './refunds';

export async function applyProviderEvent(tx: Tx, provider: string, event: ProviderEvent): Promise<void> {
  if ('refundRef' in event) {
    const [refund] = await tx.select().from(refunds).where(eq(refunds.providerRef, event.refundRef)).for('update');
    if (!refund) throw new Error(`refund ${event.refundRef} is not known (yet)`);
    if (event.type === 'refund.succeeded') await completeRefund(tx, refund);
    else await failRefund(tx, refund, 'failed_at_provider');
    return;
  }
  const payment = await paymentByRef(tx, provider, event.intentRef);
  if (!payment) throw new Error(`payment intent ${event.intentRef} is not known (yet)`);
  await applyToPayment(tx, payment, event);
}
