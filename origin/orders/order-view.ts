/** Pure mapping from order rows to the `Order` of the shopper API (docs/api.md). */

import type { Order } from '../../contract/orders';
import type { orderLines, orders } from '../../db/schema/orders';

export type OrderRow = typeof orders.$inferSelect;
export type OrderLineRow = typeof orderLines.$inferSelect;

export function toOrder(row: OrderRow, lines: OrderLineRow[]): Order {
  const money = (amount: number) => ({ amount, currency: row.currency });
  return {
    id: row.id,
    status: row.status,
    email: row.email,
    lines: [...lines]
      .sort((a, b) => a.lineNo - b.lineNo)
      .map((l) => ({
        variantId: l.variantId,
        productId: l.productId,
        sku: l.sku,
        title: l.title,
        quantity: l.quantity,
        unitPrice: money(l.unitPrice),
        lineTotal: money(l.lineTotal),
      })),
    totals: {
      subtotal: money(row.subtotal),
      shipping: money(row.shipping),
      tax: money(row.tax),
      total: money(row.total),
    },
    paymentMethod: row.paymentMethod,
    shippingAddress: row.shippingAddress,
    shippingMethodId: row.shippingMethodId,
    createdAt: row.createdAt.toISOString(),
  };
}
