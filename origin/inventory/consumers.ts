/** The inventory context's consumers: first stock rows for new variants (idempotent). */
import type { OriginContext } from '../platform/context';
import { initStock } from './inventory';
import { InventoryTopics } from './topics';

type Level = { variantId: string; onHand: number };

const levelsOf = (payload: Record<string, unknown>): Level[] =>
  Array.isArray(payload.levels)
    ? payload.levels.filter(
        (l): l is Level =>
          typeof l === 'object' &&
          l !== null &&
          typeof (l as Level).variantId === 'string' &&
          Number.isInteger((l as Level).onHand) &&
          (l as Level).onHand >= 0,
      )
    : [];

export function registerInventoryConsumers(ctx: OriginContext): void {
  ctx.queue.consume(InventoryTopics.initialStockRequested, 'inventory.initial-stock', async (event, tx) => {
    await initStock(tx, levelsOf(event.payload));
  });
}
