/**
 * What other subsystems ask inventory (platform/rpc.ts): stock levels of variants (the catalog
 * shows availability), and the first stock of new variants (idempotent: a variant that has a
 * level keeps it).
 */
import { z } from 'zod';
import { defineService, method } from '../platform/rpc';
import { getStockLevels, initStock } from './inventory';
import { StockLevelSchema } from './inventory.schemas';

export const inventoryService = defineService('inventory', {
  stockLevels: method({
    input: z.object({ variantIds: z.array(z.string().max(64)).max(5000) }),
    output: z.array(StockLevelSchema),
    run: async (ctx, { variantIds }) => [...(await getStockLevels(ctx.db, variantIds)).values()],
  }),
  initStock: method({
    input: z.object({
      levels: z.array(z.object({ variantId: z.string().max(64), onHand: z.number().int().min(0) })).max(1000),
    }),
    output: z.object({ created: z.number().int() }),
    run: async (ctx, { levels }) => ({ created: await initStock(ctx.db, levels) }),
  }),
});
