import { createRoute, z } from '@hono/zod-openapi';
import type { OriginContext } from '../platform/context';
import { unwrap } from '../platform/errors';
import { adminErrors, jsonBody, jsonResponse, router } from '../platform/openapi';
import { err, ok } from '../platform/result';
import { VariantIdParam } from '../platform/schemas';
import { getStockLevels, setOnHand } from './inventory';
import { StockLevelSchema } from './inventory.schemas';

const tags = ['Inventory'];
const security = [{ adminToken: [] }];
const SetStock = z
  .object({ onHand: z.number().int().min(0).max(10_000_000).openapi({ description: 'Units physically on hand' }) })
  .strict()
  .openapi('SetStock');

export function inventoryAdminRoutes(ctx: OriginContext) {
  return router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/inventory/{variantId}',
        tags,
        security,
        summary: 'Stock of a variant: on hand, reserved for orders, available to sell',
        request: { params: VariantIdParam },
        responses: { 200: jsonResponse(StockLevelSchema, 'The stock level'), ...adminErrors },
      }),
      async (c) => {
        const { variantId } = c.req.valid('param');
        const level = (await getStockLevels(ctx.db, [variantId])).get(variantId);
        return c.json(unwrap(level ? ok(level) : err('inventory_not_found', `No stock record for ${variantId}`)), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/inventory/{variantId}',
        tags,
        security,
        summary: 'Set the units on hand (refused below what is reserved for orders)',
        request: { params: VariantIdParam, ...jsonBody(SetStock) },
        responses: { 200: jsonResponse(StockLevelSchema, 'The new stock level'), ...adminErrors },
      }),
      async (c) => {
        const { variantId } = c.req.valid('param');
        const { onHand } = c.req.valid('json');
        return c.json(unwrap(await ctx.transaction((tx) => setOnHand(tx, variantId, onHand))), 200);
      },
    );
}
