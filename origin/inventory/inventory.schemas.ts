/** Shapes of the inventory API (validated at the boundary, published as OpenAPI). */
import { z } from '@hono/zod-openapi';

export const StockLevelSchema = z
  .object({ variantId: z.string(), onHand: z.number().int(), reserved: z.number().int(), available: z.number().int() })
  .openapi('StockLevel');
