import { createRoute, z } from '@hono/zod-openapi';
import type { OriginContext } from '../platform/context';
import { unwrap } from '../platform/errors';
import { adminErrors, jsonBody, jsonResponse, router } from '../platform/openapi';
import { createCategory, deleteCategory, listAdminCategories, updateCategory } from './admin-categories';
import { CategoryIdParam, CategoryPatchSchema, CategorySchema, NewCategorySchema } from './catalog.schemas';

const tags = ['Categories'];
const security = [{ adminToken: [] }];
const ListQuery = z
  .object({
    parentId: z
      .string()
      .regex(/^cat_[0-9A-Za-z]+$/)
      .optional(),
  })
  .strict();

export function categoryAdminRoutes(ctx: OriginContext) {
  return router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/categories',
        tags,
        security,
        summary: 'List categories (optionally the children of one)',
        request: { query: ListQuery },
        responses: { 200: jsonResponse(z.object({ items: z.array(CategorySchema) }), 'Categories'), ...adminErrors },
      }),
      async (c) => c.json({ items: await listAdminCategories(ctx, c.req.valid('query').parentId) }, 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/categories',
        tags,
        security,
        summary: 'Create a category',
        request: jsonBody(NewCategorySchema),
        responses: { 201: jsonResponse(CategorySchema, 'The created category'), ...adminErrors },
      }),
      async (c) => c.json(unwrap(await createCategory(ctx, c.req.valid('json'))), 201),
    )
    .openapi(
      createRoute({
        method: 'patch',
        path: '/categories/{id}',
        tags,
        security,
        summary: 'Rename, move or reorder a category',
        request: { params: CategoryIdParam, ...jsonBody(CategoryPatchSchema) },
        responses: { 200: jsonResponse(CategorySchema, 'The updated category'), ...adminErrors },
      }),
      async (c) => c.json(unwrap(await updateCategory(ctx, c.req.valid('param').id, c.req.valid('json'))), 200),
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/categories/{id}',
        tags,
        security,
        summary: 'Delete a category; its products and subcategories are detached, not deleted',
        request: { params: CategoryIdParam },
        responses: { 200: jsonResponse(CategorySchema, 'The deleted category'), ...adminErrors },
      }),
      async (c) => c.json(unwrap(await deleteCategory(ctx, c.req.valid('param').id)), 200),
    );
}
