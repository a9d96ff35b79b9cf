/**
 * The catalog read endpoints the edge falls back to when its caches miss. Signed by the edge
 * (`requireEdgeSignature` is applied by the app); answers are the snapshot shapes of snapshot.ts.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { OriginContext } from '../platform/context';
import { decodeCursor } from '../platform/cursor';
import { unwrap } from '../platform/errors';
import { jsonResponse, router } from '../platform/openapi';
import { err, ok } from '../platform/result';
import { catalogReads, getProductSnapshot, getVariantLookup, listCategories, listProducts } from './read-model';

const tags = ['Internal (edge only)'];
const security = [{ edgeSignature: [] }];
const Json = z.any();

/** The shopper list query of the shopper API (docs/api.md); unknown parameters are refused. */
export const PublicListQuery = z
  .object({
    category: z
      .string()
      .min(1)
      .max(120)
      .regex(/^[a-z0-9-]+$/)
      .optional(),
    q: z.string().min(1).max(200).optional(),
    cursor: z.string().min(1).max(200).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();

export function catalogInternalRoutes(ctx: OriginContext) {
  return router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/products',
        tags,
        security,
        summary: 'A page of active product summaries',
        request: { query: PublicListQuery },
        responses: { 200: jsonResponse(Json, 'ProductPage') },
      }),
      async (c) => {
        const { cursor, ...query } = c.req.valid('query');
        const afterId = cursor ? decodeCursor(cursor) : undefined;
        if (afterId === null) unwrap(err('invalid_cursor', 'The cursor is malformed'));
        return c.json(await listProducts(catalogReads(ctx), { ...query, afterId: afterId ?? undefined }), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/products/{slug}',
        tags,
        security,
        summary: 'The snapshot of one active product',
        request: { params: z.object({ slug: z.string().min(1).max(200) }) },
        responses: { 200: jsonResponse(Json, 'ProductSnapshot') },
      }),
      async (c) => {
        const snapshot = await getProductSnapshot(catalogReads(ctx), c.req.valid('param').slug);
        return c.json(unwrap(snapshot ? ok(snapshot) : err('product_not_found', 'No such product')), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/variants/{id}',
        tags,
        security,
        summary: 'What a cart needs to know about one sellable variant',
        request: { params: z.object({ id: z.string().min(1).max(64) }) },
        responses: { 200: jsonResponse(Json, 'VariantLookup') },
      }),
      async (c) => {
        const lookup = await getVariantLookup(catalogReads(ctx), c.req.valid('param').id);
        return c.json(unwrap(lookup ? ok(lookup) : err('variant_not_found', 'No such variant')), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/categories',
        tags,
        security,
        summary: 'All categories',
        responses: { 200: jsonResponse(Json, '{ items: Category[] }') },
      }),
      async (c) => c.json({ items: await listCategories(catalogReads(ctx)) }, 200),
    );
}
