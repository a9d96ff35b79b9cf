/**
 * What other subsystems ask the catalog (platform/rpc.ts): the variants that may be sold now, at
 * their price in a currency (the place-order workflow prices an order from it).
 */
import { z } from 'zod';
import { defineService, method } from '../platform/rpc';
import { sellableVariants } from './sellable';

const SellableVariantSchema = z.object({
  variantId: z.string(),
  productId: z.string(),
  sku: z.string(),
  title: z.string(),
  unitPrice: z.number().int(),
});

export const catalogService = defineService('catalog', {
  sellable: method({
    input: z.object({ variantIds: z.array(z.string().max(64)).max(100), currency: z.string().regex(/^[A-Z]{3}$/) }),
    output: z.array(SellableVariantSchema),
    run: async (ctx, { variantIds, currency }) => [...(await sellableVariants(ctx.db, variantIds, currency)).values()],
  }),
});
