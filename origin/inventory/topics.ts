/** Events of the inventory context. */
export const InventoryTopics = {
  /**
   * What shoppers can buy of some variants changed (`{ variantIds }`): a stock count, units
   * given back, or a reservation that left few. The catalog listens, to republish their
   * products' availability at the edge.
   */
  availabilityChanged: 'inventory.availability_changed',
  /**
   * New variants need their first stock rows (`{ levels: [{ variantId, onHand }] }`): the catalog
   * asks in the transaction that creates them, and also calls inventory's service at once; the
   * consumer is the safety net when that call failed (creating rows is idempotent).
   */
  initialStockRequested: 'inventory.initial_stock_requested',
} as const;
