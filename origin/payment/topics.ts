/** The payment context's queue topics. */
export const PaymentTopics = {
  /** A verified provider webhook, to apply (payload: { event, source, eventId }). */
  providerEvent: 'payment.provider_event',
  /** Send a refund to its provider (payload: { refundId }). */
  refundRequested: 'payment.refund_requested',
  /** Cancel an uncaptured payment at its provider (payload: { paymentId }). */
  cancelRequested: 'payment.cancel_requested',
  /** Capture an authorised payment (payload: { paymentId }). */
  captureRequested: 'payment.capture_requested',
  /** A newer attempt replaced this payment: cancel whatever its provider still holds open. */
  attemptSuperseded: 'payment.attempt_superseded',
} as const;
