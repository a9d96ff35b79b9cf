import { createRoute, z } from '@hono/zod-openapi';
import type { OriginContext } from '../platform/context';
import { unwrap } from '../platform/errors';
import { adminErrors, jsonBody, jsonResponse, router } from '../platform/openapi';
import { archiveVariant, getAdminVariant, removeVariantPrice, updateVariant } from './admin-variants';
import { AdminVariantSchema, VariantIdParam, VariantPatchSchema } from './catalog.schemas';

const tags = ['Variants'];
const security = [{ adminToken: [] }];
const PriceParams = VariantIdParam.extend({
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .openapi({ param: { name: 'currency', in: 'path' } }),
});

export function variantAdminRoutes(ctx: OriginContext) {
  return router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/variants/{variantId}',
        tags,
        security,
        summary: 'Read a variant with its prices and stock',
        request: { params: VariantIdParam },
        responses: { 200: jsonResponse(AdminVariantSchema, 'The variant'), ...adminErrors },
      }),
      async (c) => c.json(unwrap(await getAdminVariant(ctx, c.req.valid('param').variantId)), 200),
    )
    .openapi(
      createRoute({
        method: 'patch',
        path: '/variants/{variantId}',
        tags,
        security,
        summary: 'Update a variant; `price` sets its price in that currency',
        request: { params: VariantIdParam, ...jsonBody(VariantPatchSchema) },
        responses: { 200: jsonResponse(AdminVariantSchema, 'The updated variant'), ...adminErrors },
      }),
      async (c) => c.json(unwrap(await updateVariant(ctx, c.req.valid('param').variantId, c.req.valid('json'))), 200),
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/variants/{variantId}/prices/{currency}',
        tags,
        security,
        summary: 'Remove the price in one currency (the variant is no longer sold in it)',
        request: { params: PriceParams },
        responses: { 200: jsonResponse(AdminVariantSchema, 'The updated variant'), ...adminErrors },
      }),
      async (c) => {
        const { variantId, currency } = c.req.valid('param');
        return c.json(unwrap(await removeVariantPrice(ctx, variantId, currency)), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/variants/{variantId}/archive',
        tags,
        security,
        summary: 'Archive a variant (no longer sold)',
        request: { params: VariantIdParam },
        responses: { 200: jsonResponse(AdminVariantSchema, 'The archived variant'), ...adminErrors },
      }),
      async (c) => c.json(unwrap(await archiveVariant(ctx, c.req.valid('param').variantId)), 200),
    );
}
