/**
 * Refunds, full or partial, never more than was captured. A refund is written `pending` with
 * its Idempotency-Key under a lock on the payment (so concurrent requests are serialised and a
 * repeated request finds the first), then sent to the provider by a queue consumer with the
 * refund id as the provider's idempotency key: a crash or a redelivery cannot refund twice.
 * It counts as refunded only when the provider confirms it (webhook).
 */
import { and, eq, sql } from 'drizzle-orm';
import { newId } from '../../contract/ids';
import { payments, refunds } from '../../db/schema/payment';
import { refundOrderInTx } from '../orders';
import type { OriginContext, Tx } from '../platform/context';
import { enqueue } from '../platform/outbox/outbox';
import { err, ok, type Result } from '../platform/result';
import { refundable } from './payment-state';
import { COD_PROVIDER, currentPayment, type PaymentRow, pendingRefundTotal, type RefundRow } from './payments';
import { ProviderRefusal } from './provider';
import { providerNamed } from './providers';
import { PaymentTopics } from './topics';

export type RefundError =
  | 'nothing_to_refund'
  | 'refund_exceeds_captured'
  | 'idempotency_key_reused'
  | 'payment_not_found';

export interface RefundInput {
  /** Minor units; null → everything still refundable. */
  amount: number | null;
  reason: string;
  idempotencyKey: string;
}

/** In the caller's transaction, with `payment` locked by the caller. */
export async function createRefund(
  tx: Tx,
  payment: PaymentRow,
  input: RefundInput,
): Promise<Result<{ refund: RefundRow; created: boolean }, RefundError>> {
  const [existing] = await tx
    .select()
    .from(refunds)
    .where(and(eq(refunds.paymentId, payment.id), eq(refunds.idempotencyKey, input.idempotencyKey)));
  if (existing) {
    if (input.amount !== null && input.amount !== existing.amount) {
      return err('idempotency_key_reused', 'This Idempotency-Key was used for a refund of another amount');
    }
    return ok({ refund: existing, created: false });
  }
  const left = refundable(payment, await pendingRefundTotal(tx, payment.id));
  if (left === 0) return err('nothing_to_refund', 'Nothing captured is left to refund');
  const amount = input.amount ?? left;
  if (amount > left) {
    return err('refund_exceeds_captured', `At most ${left} minor units can still be refunded`, { refundable: left });
  }
  const [refund] = await tx
    .insert(refunds)
    .values({
      id: newId('ref'),
      paymentId: payment.id,
      orderId: payment.orderId,
      amount,
      reason: input.reason,
      idempotencyKey: input.idempotencyKey,
    })
    .returning();
  if (!refund) throw new Error('refund insert returned nothing');
  await enqueue(tx, { topic: PaymentTopics.refundRequested, aggregateId: refund.id });
  return ok({ refund, created: true });
}

/** The merchant's refund of an order (admin API). */
export async function requestRefund(
  ctx: OriginContext,
  orderId: string,
  input: RefundInput,
): Promise<Result<{ refund: RefundRow; created: boolean; currency: string }, RefundError>> {
  return ctx.transaction(async (tx) => {
    const payment = await currentPayment(tx, orderId, true);
    if (!payment) return err('payment_not_found', `Order ${orderId} has no payment`);
    const made = await createRefund(tx, payment, input);
    return made.ok ? ok({ ...made.value, currency: payment.currency }) : made;
  });
}

/** Consumer of `payment.refund_requested`: hands the refund to its provider (once). */
export async function executeRefund(ctx: OriginContext, tx: Tx, refundId: string): Promise<void> {
  const [refund] = await tx.select().from(refunds).where(eq(refunds.id, refundId)).for('update');
  if (refund?.status !== 'pending' || refund.providerRef) return;
  const [payment] = await tx.select().from(payments).where(eq(payments.id, refund.paymentId));
  if (!payment) throw new Error(`refund ${refundId} has no payment`);
  if (payment.provider === COD_PROVIDER) {
    // Cash goes back by the merchant's own means; there is no one to ask.
    await completeRefund(tx, refund);
    return;
  }
  const provider = providerNamed(ctx, payment.provider);
  if (!provider || !payment.providerRef) throw new Error(`refund ${refundId}: no provider for ${payment.provider}`);
  let sent: Awaited<ReturnType<typeof provider.refund>>;
  try {
    sent = await provider.refund(payment.providerRef, refund.amount, refund.id);
  } catch (e) {
    if (e instanceof ProviderRefusal) return failRefund(tx, refund, e.code);
    throw e; // an outage: the queue retries with backoff, same idempotency key
  }
  await tx.update(refunds).set({ providerRef: sent.ref, updatedAt: new Date() }).where(eq(refunds.id, refund.id));
  if (sent.status === 'succeeded') await completeRefund(tx, { ...refund, providerRef: sent.ref });
  if (sent.status === 'failed') await failRefund(tx, refund, 'refused_by_provider');
}

/**
 * Marks a refund succeeded once and counts it on the payment; a full refund moves the order to
 * `refunded`, giving back the stock it still holds, in the same transaction.
 */
export async function completeRefund(tx: Tx, refund: RefundRow): Promise<void> {
  const done = await tx
    .update(refunds)
    .set({ status: 'succeeded', updatedAt: new Date() })
    .where(and(eq(refunds.id, refund.id), eq(refunds.status, 'pending')))
    .returning({ id: refunds.id });
  if (done.length === 0) return;
  const [payment] = await tx
    .update(payments)
    .set({ amountRefunded: sql`${payments.amountRefunded} + ${refund.amount}`, updatedAt: new Date() })
    .where(eq(payments.id, refund.paymentId))
    .returning();
  if (payment && payment.amountRefunded === payment.amountCaptured && payment.amountCaptured === payment.amount) {
    // Only the order's current attempt pays for it: refunding a replaced one leaves the order be.
    if ((await currentPayment(tx, refund.orderId))?.id !== payment.id) return;
    await refundOrderInTx(tx, refund.orderId, 'refunded_in_full');
  }
}

export async function failRefund(tx: Tx, refund: RefundRow, code: string): Promise<void> {
  await tx
    .update(refunds)
    .set({ status: 'failed', failureCode: code, updatedAt: new Date() })
    .where(and(eq(refunds.id, refund.id), eq(refunds.status, 'pending')));
}
