/**
 * The payment context's queue consumers: provider webhooks, refunds and voids to send, capture
 * on shipment, cash on delivery settled on delivery. Each runs once per event (runOnce).
 */

import { OrderTopics } from '../orders';
import type { OriginContext } from '../platform/context';
import { cancelSupersededAttempt } from './payment-attempts';
import type { ProviderEvent } from './provider';
import { cancelOpenPayments, cancelPayment, capturePayment, settleCashOnDelivery } from './provider-calls';
import { applyProviderEvent } from './provider-events';
import { executeRefund } from './refunds';
import { PaymentTopics } from './topics';

export function registerPaymentConsumers(ctx: OriginContext): void {
  const q = ctx.queue;
  q.consume(PaymentTopics.providerEvent, 'payments.apply-provider-event', (event, tx) => {
    const provider = String(event.payload.source ?? '').replace(/^payment:/, '');
    return applyProviderEvent(tx, provider, event.payload.event as ProviderEvent);
  });
  q.consume(PaymentTopics.refundRequested, 'payments.execute-refund', (event, tx) =>
    executeRefund(ctx, tx, event.aggregateId),
  );
  q.consume(PaymentTopics.cancelRequested, 'payments.cancel', (event, tx) => cancelPayment(ctx, tx, event.aggregateId));
  q.consume(PaymentTopics.attemptSuperseded, 'payments.cancel-superseded', (event, tx) =>
    cancelSupersededAttempt(ctx, tx, event.aggregateId),
  );
  q.consume(PaymentTopics.captureRequested, 'payments.capture', async (event, tx) => {
    await capturePayment(ctx, tx, event.aggregateId);
  });
  q.consume(OrderTopics.cancelled, 'payments.cancel-open', (event, tx) =>
    cancelOpenPayments(ctx, tx, event.aggregateId),
  );
  // Manual capture takes the money when the order ships. A refusal (an expired authorisation,
  // say) is never dropped: the delivery fails, the queue retries it with backoff and finally
  // keeps it as a dead letter for a person, and each failure is logged as an error.
  q.consume(OrderTopics.statusChanged, 'payments.capture-on-shipment', async (event, tx) => {
    if (ctx.config.payments.captureMethod !== 'manual' || event.payload.to !== 'shipped') return;
    const captured = await capturePayment(ctx, tx, event.aggregateId);
    if (captured.ok || captured.code === 'payment_not_found') return; // cash on delivery: nothing to capture
    ctx.log.error('capture at shipment refused; the queue retries it, then keeps it as a dead letter', {
      orderId: event.aggregateId,
      code: captured.code,
      message: captured.message,
    });
    throw new Error(`capture of order ${event.aggregateId} refused: ${captured.message}`);
  });
  q.consume(OrderTopics.delivered, 'payments.settle-cod', (event, tx) => settleCashOnDelivery(tx, event.aggregateId));
}
