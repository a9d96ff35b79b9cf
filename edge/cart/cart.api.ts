/** Carts: definitions of the shopper API (see lib/api-spec.ts). */
import { createRoute, z } from '@hono/zod-openapi';
import { MoneySchema } from '../../contract/catalog';
import { error, gatewayErrors, idParam, invalid, json, jsonBody, optionalShopper, unavailable } from '../lib/api-spec';

const tags = ['Cart'];

export const CartSchema = z
  .object({
    id: z.string(),
    status: z.enum(['open', 'checking_out', 'converted']),
    lines: z.array(
      z.object({
        variantId: z.string(),
        productId: z.string(),
        title: z.string(),
        quantity: z.int().min(1),
        /** The catalog price when the line was last changed: display only, the origin re-prices. */
        unitPrice: MoneySchema,
        lineTotal: MoneySchema,
      }),
    ),
    totals: z.object({ subtotal: MoneySchema, itemCount: z.int().min(0) }),
  })
  .meta({ id: 'Cart' });

const variantId = z.string().regex(/^[A-Za-z0-9_-]{1,200}$/, 'must be a variant id');
const lineParams = z.object({ id: z.string(), variantId });
const noCart = error('No such cart (or not the caller’s)', 'cart_not_found');
const refused = error(
  'The cart cannot change so',
  'cart_converted',
  'cart_locked',
  'out_of_stock',
  'cart_full',
  'currency_mismatch',
);
const badLine = error('Invalid line', 'invalid_request', 'invalid_quantity', 'quantity_limit_exceeded');
const cookie = 'Sets the `cart_id` cookie';

export const createCartRoute = createRoute({
  method: 'post',
  path: '/api/carts',
  tags,
  summary: 'A new cart (a signed-in shopper gets their one open cart)',
  security: optionalShopper,
  responses: { 201: json(CartSchema, `The cart. ${cookie}`), ...gatewayErrors },
});

export const getCartRoute = createRoute({
  method: 'get',
  path: '/api/carts/{id}',
  tags,
  summary: 'A cart with its lines and totals',
  request: { params: idParam },
  responses: { 200: json(CartSchema, 'The cart'), 404: noCart, ...gatewayErrors },
});

export const addItemRoute = createRoute({
  method: 'post',
  path: '/api/carts/{id}/items',
  tags,
  summary: 'Add a variant (quantities add up)',
  request: { params: idParam, ...jsonBody(z.object({ variantId, quantity: z.int().min(1) })) },
  responses: {
    200: json(CartSchema, `The cart. ${cookie}`),
    400: badLine,
    404: error('No such cart or variant', 'cart_not_found', 'variant_not_found'),
    409: refused,
    ...gatewayErrors,
    502: unavailable,
  },
});

export const setQuantityRoute = createRoute({
  method: 'patch',
  path: '/api/carts/{id}/items/{variantId}',
  tags,
  summary: 'Set a line’s quantity (0 removes it)',
  request: { params: lineParams, ...jsonBody(z.object({ quantity: z.int().min(0) })) },
  responses: {
    200: json(CartSchema, `The cart. ${cookie}`),
    400: badLine,
    404: error('No such cart, line or variant', 'cart_not_found', 'line_not_found', 'variant_not_found'),
    409: refused,
    ...gatewayErrors,
    502: unavailable,
  },
});

export const removeItemRoute = createRoute({
  method: 'delete',
  path: '/api/carts/{id}/items/{variantId}',
  tags,
  summary: 'Remove a line',
  request: { params: lineParams },
  responses: {
    200: json(CartSchema, `The cart. ${cookie}`),
    400: invalid,
    404: error('No such cart or line', 'cart_not_found', 'line_not_found'),
    409: refused,
    ...gatewayErrors,
  },
});
