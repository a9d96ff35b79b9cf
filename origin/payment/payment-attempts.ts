/**
 * Attempts to pay one order. The checkout writes attempt 1; after a declined card the shopper
 * may make another (checkout/retry-payment.ts decides, under the order's lock): the next
 * payment row, by card or cash on delivery. A database index keeps one live attempt per order.
 * The attempt it replaces can take no money by our records, but a provider may still hold it
 * open (a confirmation it refused leaves its intent waiting): it is cancelled there too.
 */

import { newId } from '../../contract/ids';
import type { PaymentMethod } from '../../contract/orders';
import { payments } from '../../db/schema/payment';
import type { OriginContext, Tx } from '../platform/context';
import { enqueue } from '../platform/outbox/outbox';
import { applyIntent } from './payment-effects';
import { COD_PROVIDER, type PaymentRow, paymentById } from './payments';
import { ProviderRefusal } from './provider';
import { providerNamed } from './providers';
import { PaymentTopics } from './topics';

export interface AttemptInput {
  orderId: string;
  method: PaymentMethod;
  /** The card provider's name; ignored for cash on delivery. */
  cardProvider: string;
  amount: number;
  currency: string;
}

/** Writes the order's next attempt after `previous` (the current one), in the caller's transaction. */
export async function addAttempt(tx: Tx, input: AttemptInput, previous: PaymentRow | null): Promise<PaymentRow> {
  const cod = input.method === 'cod';
  const [row] = await tx
    .insert(payments)
    .values({
      id: newId('pay'),
      orderId: input.orderId,
      attempt: (previous?.attempt ?? 0) + 1,
      method: input.method,
      provider: cod ? COD_PROVIDER : input.cardProvider,
      status: cod ? 'pending_collection' : 'pending',
      amount: input.amount,
      currency: input.currency,
    })
    .returning();
  if (!row) throw new Error('payment insert returned nothing');
  if (previous?.providerRef) {
    await enqueue(tx, { topic: PaymentTopics.attemptSuperseded, aggregateId: previous.id });
  }
  return row;
}

/**
 * Consumer of `payment.attempt_superseded`: cancels the replaced attempt's intent at its provider
 * (keyed like every cancel of that payment, so it happens once). A refusal means the provider
 * holds nothing open (failed or captured there; a capture is refunded when its webhook arrives).
 */
export async function cancelSupersededAttempt(ctx: OriginContext, tx: Tx, paymentId: string): Promise<void> {
  const payment = await paymentById(tx, paymentId, true);
  if (!payment?.providerRef || payment.status === 'captured' || payment.status === 'cancelled') return;
  const provider = providerNamed(ctx, payment.provider);
  if (!provider) return;
  try {
    await applyIntent(tx, payment, await provider.cancel(payment.providerRef, `${payment.id}:cancel`));
  } catch (e) {
    if (!(e instanceof ProviderRefusal)) throw e;
  }
}
