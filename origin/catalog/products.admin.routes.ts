import { createRoute, z } from '@hono/zod-openapi';
import type { OriginContext } from '../platform/context';
import { unwrap } from '../platform/errors';
import { adminErrors, jsonBody, jsonResponse, router } from '../platform/openapi';
import { archiveProduct, createProduct, getAdminProduct, listAdminProducts, updateProduct } from './admin-products';
import { addVariant } from './admin-variants';
import {
  AdminProductSchema,
  AdminVariantSchema,
  NewProductSchema,
  NewVariantSchema,
  ProductIdParam,
  ProductListQuery,
  ProductPatchSchema,
} from './catalog.schemas';

const tags = ['Products'];
const security = [{ adminToken: [] }];
const ProductPage = z.object({ items: z.array(AdminProductSchema), nextCursor: z.string().nullable() });

export function productAdminRoutes(ctx: OriginContext) {
  return router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/products',
        tags,
        security,
        summary: 'List products (newest first) with filters and cursor pagination',
        request: { query: ProductListQuery },
        responses: { 200: jsonResponse(ProductPage, 'A page of products'), ...adminErrors },
      }),
      async (c) => c.json(unwrap(await listAdminProducts(ctx, c.req.valid('query'))), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/products',
        tags,
        security,
        summary: 'Create a product, optionally with variants, prices and stock',
        request: jsonBody(NewProductSchema),
        responses: { 201: jsonResponse(AdminProductSchema, 'The created product'), ...adminErrors },
      }),
      async (c) => c.json(unwrap(await createProduct(ctx, c.req.valid('json'))), 201),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/products/{id}',
        tags,
        security,
        summary: 'Read a product with its variants, prices and stock',
        request: { params: ProductIdParam },
        responses: { 200: jsonResponse(AdminProductSchema, 'The product'), ...adminErrors },
      }),
      async (c) => c.json(unwrap(await getAdminProduct(ctx, c.req.valid('param').id)), 200),
    )
    .openapi(
      createRoute({
        method: 'patch',
        path: '/products/{id}',
        tags,
        security,
        summary: 'Update product fields (title, slug, description, status, category, images)',
        request: { params: ProductIdParam, ...jsonBody(ProductPatchSchema) },
        responses: { 200: jsonResponse(AdminProductSchema, 'The updated product'), ...adminErrors },
      }),
      async (c) => c.json(unwrap(await updateProduct(ctx, c.req.valid('param').id, c.req.valid('json'))), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/products/{id}/archive',
        tags,
        security,
        summary: 'Archive a product (off the storefront, kept for past orders)',
        request: { params: ProductIdParam },
        responses: { 200: jsonResponse(AdminProductSchema, 'The archived product'), ...adminErrors },
      }),
      async (c) => c.json(unwrap(await archiveProduct(ctx, c.req.valid('param').id)), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/products/{id}/variants',
        tags,
        security,
        summary: 'Add a variant with prices and stock to a product',
        request: { params: ProductIdParam, ...jsonBody(NewVariantSchema) },
        responses: { 201: jsonResponse(AdminVariantSchema, 'The created variant'), ...adminErrors },
      }),
      async (c) => c.json(unwrap(await addVariant(ctx, c.req.valid('param').id, c.req.valid('json'))), 201),
    );
}
