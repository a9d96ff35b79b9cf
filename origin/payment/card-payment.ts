/**
 * Card payments after the order is committed: create the intent at the provider and authorise
 * it with the shopper's token, in the checkout request (the answer carries the next action,
 * e.g. a 3-D Secure page, after which the provider sends the shopper to `returnUrl`, the shop's
 * order page). Keyed by the payment id at the provider, so the retry of a checkout
 * whose answer was lost resumes the same intent instead of charging twice. A provider outage
 * leaves the payment `pending` (the shopper retries with the same Idempotency-Key, or the
 * payment deadline releases the stock); a refusal (invalid token) fails the payment.
 */
import { eq } from 'drizzle-orm';
import { payments } from '../../db/schema/payment';
import type { OriginContext } from '../platform/context';
import { applyIntent } from './payment-effects';
import { type PaymentRow, paymentById } from './payments';
import { ProviderRefusal } from './provider';
import { providerNamed } from './providers';

export async function startCardPayment(
  ctx: OriginContext,
  payment: PaymentRow,
  token: string,
  returnUrl?: string,
): Promise<PaymentRow> {
  if (payment.status !== 'pending') return payment;
  const provider = providerNamed(ctx, payment.provider);
  if (!provider) throw new Error(`No payment provider ${payment.provider}`);
  try {
    let ref = payment.providerRef;
    if (!ref) {
      const intent = await provider.createIntent(
        {
          amount: payment.amount,
          currency: payment.currency,
          reference: payment.orderId,
          captureMethod: ctx.config.payments.captureMethod,
        },
        `${payment.id}:create`,
      );
      ref = intent.ref;
      await ctx.db.update(payments).set({ providerRef: ref, updatedAt: new Date() }).where(eq(payments.id, payment.id));
    }
    const intent = await provider.authorize(ref, token, `${payment.id}:authorize`, { returnUrl });
    return await ctx.transaction(async (tx) => {
      const locked = await paymentById(tx, payment.id, true);
      return locked ? applyIntent(tx, locked, intent) : payment;
    });
  } catch (e) {
    if (e instanceof ProviderRefusal) {
      return ctx.transaction(async (tx) => {
        const locked = await paymentById(tx, payment.id, true);
        if (!locked) return payment;
        return applyIntent(tx, locked, {
          ref: locked.providerRef ?? '',
          status: 'failed',
          nextAction: null,
          failureCode: e.code,
        });
      });
    }
    ctx.log.warn('card payment could not start; the payment stays pending', {
      paymentId: payment.id,
      error: String(e),
    });
    return (await paymentById(ctx.db, payment.id)) ?? payment;
  }
}
