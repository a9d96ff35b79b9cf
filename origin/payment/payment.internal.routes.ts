/** `GET /internal/payment-methods` for the edge: what a shopper may choose for an order. */
import { createRoute, z } from '@hono/zod-openapi';
import type { OriginContext } from '../platform/context';
import { jsonResponse, router } from '../platform/openapi';
import { offeredMethods } from './method-rules';
import { methodRules } from './method-rules.store';

const Query = z
  .object({
    country: z.string().regex(/^[A-Z]{2}$/),
    amount: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .optional(),
  })
  .strict();

export function paymentInternalRoutes(ctx: OriginContext) {
  return router().openapi(
    createRoute({
      method: 'get',
      path: '/payment-methods',
      tags: ['Internal (edge only)'],
      security: [{ edgeSignature: [] }],
      summary: 'The payment methods offered for a country and order total',
      request: { query: Query },
      responses: { 200: jsonResponse(z.object({ items: z.array(z.enum(['card', 'cod'])) }), 'Offered methods') },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const items = offeredMethods(await methodRules(ctx), {
        country: q.country,
        currency: q.currency ?? ctx.config.storeCurrency,
        amount: q.amount,
      });
      return c.json({ items }, 200);
    },
  );
}
