/** Events of the inventory context. */
export const InventoryTopics = {
  /**
   * What shoppers can buy of some variants changed (`{ variantIds }`): a stock count, units
   * given back, or a reservation that left few. The catalog listens, to republish their
   * products' availability at the edge.
   */
  availabilityChanged: 'inventory.availability_changed',
} as const;
