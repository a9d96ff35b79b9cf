/**
 * What the catalog shows but does not own: stock (inventory) and ratings (rating). It asks their
 * services (platform/rpc.ts: in-process, or over signed HTTP when they are deployed elsewhere)
 * and keeps no copy; when they change, their events make it republish (consumers.ts).
 */
import type { RatingSummary } from '../../contract/catalog';
import { inventoryService, type StockLevel } from '../inventory';
import type { OriginContext } from '../platform/context';
import { serviceClient } from '../platform/rpc';
import { ratingService } from '../rating';

export interface CatalogNeighbours {
  stockOf(variantIds: string[]): Promise<Map<string, StockLevel>>;
  ratingsOf(productIds: string[]): Promise<Map<string, RatingSummary>>;
}

export function catalogNeighbours(ctx: OriginContext): CatalogNeighbours {
  return {
    async stockOf(variantIds) {
      if (variantIds.length === 0) return new Map();
      const levels = await serviceClient(ctx, inventoryService).stockLevels({ variantIds });
      return new Map(levels.map((l) => [l.variantId, l]));
    },
    async ratingsOf(productIds) {
      if (productIds.length === 0) return new Map();
      const rows = await serviceClient(ctx, ratingService).summaries({ productIds });
      return new Map(rows.map(({ productId, average, count }) => [productId, { average, count }]));
    },
  };
}
