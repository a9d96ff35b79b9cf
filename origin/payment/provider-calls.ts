/**
 * Consumers that call a provider after the fact: cancel an uncaptured payment when its order
 * was cancelled, capture when the order ships (manual capture) or the merchant asks. Each
 * call carries an idempotency key derived from the payment, so a redelivery repeats nothing.
 */

import { eq } from 'drizzle-orm';
import { payments } from '../../db/schema/payment';
import type { OriginContext, Tx } from '../platform/context';
import { err, ok, type Result } from '../platform/result';
import { applyIntent } from './payment-effects';
import { isOpen } from './payment-state';
import { COD_PROVIDER, currentPayment, type PaymentRow, paymentById, paymentsOfOrder } from './payments';
import { ProviderRefusal } from './provider';
import { providerNamed } from './providers';
import { createRefund } from './refunds';

/**
 * A cancelled order gives the shopper's money back: open payments are cancelled at the
 * provider, captured ones refunded in full (one automatic refund per payment, whichever of
 * this and a late capture webhook gets there first).
 */
export async function cancelOpenPayments(ctx: OriginContext, tx: Tx, orderId: string): Promise<void> {
  for (const p of await paymentsOfOrder(tx, orderId)) await cancelPayment(ctx, tx, p.id);
}

export async function cancelPayment(ctx: OriginContext, tx: Tx, paymentId: string): Promise<void> {
  const payment = await paymentById(tx, paymentId, true);
  if (!payment) return;
  if (payment.status === 'pending_collection' || (payment.status === 'pending' && !payment.providerRef)) {
    await tx.update(payments).set({ status: 'cancelled', updatedAt: new Date() }).where(eq(payments.id, payment.id));
    return;
  }
  if (payment.status === 'captured') {
    await createRefund(tx, payment, { amount: null, reason: 'order_cancelled', idempotencyKey: `auto:${payment.id}` });
    return;
  }
  if (!isOpen(payment.status) || !payment.providerRef) return;
  const provider = providerNamed(ctx, payment.provider);
  if (!provider) return;
  try {
    await applyIntent(tx, payment, await provider.cancel(payment.providerRef, `${payment.id}:cancel`));
  } catch (e) {
    // Captured meanwhile: its webhook will arrive and refund it (payment-effects.ts).
    if (!(e instanceof ProviderRefusal)) throw e;
  }
}

/** Captures the order's authorised payment; a captured one is returned as it is. */
export async function capturePayment(
  ctx: OriginContext,
  tx: Tx,
  orderId: string,
): Promise<Result<PaymentRow, 'payment_not_found' | 'payment_not_capturable'>> {
  const current = await currentPayment(tx, orderId, true);
  if (!current || current.provider === COD_PROVIDER)
    return err('payment_not_found', `Order ${orderId} has no card payment`);
  if (current.status === 'captured') return ok(current);
  if (current.status !== 'authorized' || !current.providerRef) {
    return err('payment_not_capturable', `A ${current.status} payment cannot be captured`);
  }
  const provider = providerNamed(ctx, current.provider);
  if (!provider) return err('payment_not_found', `No provider ${current.provider}`);
  try {
    const intent = await provider.capture(current.providerRef, current.amount, `${current.id}:capture`);
    return ok(await applyIntent(tx, current, intent));
  } catch (e) {
    if (e instanceof ProviderRefusal) return err('payment_not_capturable', e.message);
    throw e;
  }
}

/** Cash on delivery: the carrier handed the parcel over, so the cash was collected. */
export async function settleCashOnDelivery(tx: Tx, orderId: string): Promise<void> {
  const current = await currentPayment(tx, orderId, true);
  if (current?.status !== 'pending_collection') return;
  await tx
    .update(payments)
    .set({ status: 'captured', amountCaptured: current.amount, updatedAt: new Date() })
    .where(eq(payments.id, current.id));
}
