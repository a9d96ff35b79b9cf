/** The logistics context's queue topics. */
export const LogisticsTopics = {
  /** A shipment was committed `pending`: get its label from the carrier (retried until it answers). */
  labelRequested: 'logistics.label_requested',
  /** A verified carrier webhook, accepted once per carrier event id. */
  carrierEvent: 'logistics.carrier_event',
  /** A parcel came back to the sender (no consumer yet: the merchant refunds or reships). */
  shipmentReturned: 'logistics.shipment_returned',
} as const;
