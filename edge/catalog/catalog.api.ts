/** The catalog's public reads: definitions of the shopper API (see lib/api-spec.ts). */
import { createRoute, z } from '@hono/zod-openapi';
import { CategoryListSchema, ProductPageSchema, PublicProductSchema } from '../../contract/catalog';
import { error, gatewayErrors, invalid, json, unavailable } from '../lib/api-spec';
import { listQuerySchema } from './list-query';

const tags = ['Catalog'];
const notModified = { description: 'Not modified: the `If-None-Match` ETag is current' };
const cached = 'Served from the edge cache with an `ETag`; revalidate with `If-None-Match`';

export const listProductsRoute = createRoute({
  method: 'get',
  path: '/api/products',
  tags,
  summary: 'A page of products (newest first), by category or search',
  description: cached,
  request: { query: listQuerySchema },
  responses: {
    200: json(ProductPageSchema, 'A page of products; `nextCursor` continues it'),
    304: notModified,
    400: invalid,
    ...gatewayErrors,
    502: unavailable,
  },
});

export const productRoute = createRoute({
  method: 'get',
  path: '/api/products/{slug}',
  tags,
  summary: 'One product with its variants',
  description: cached,
  request: { params: z.object({ slug: z.string() }) },
  responses: {
    200: json(PublicProductSchema, 'The product'),
    304: notModified,
    404: error('No such product (or not for sale)', 'product_not_found'),
    ...gatewayErrors,
    502: unavailable,
  },
});

export const categoriesRoute = createRoute({
  method: 'get',
  path: '/api/categories',
  tags,
  summary: 'Every category (a tree through `parentId`)',
  description: cached,
  responses: {
    200: json(CategoryListSchema, 'The categories'),
    304: notModified,
    ...gatewayErrors,
    502: unavailable,
  },
});
