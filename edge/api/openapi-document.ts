/**
 * `GET /api/openapi.json`: the shopper API's OpenAPI 3.1 document, generated from the same route
 * definitions that validate requests (`*.api.ts`). Built on the first request an isolate gets
 * for it and kept as text: no request pays for it but that one, and catalog reads never do.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { createRoute, z } from '@hono/zod-openapi';
import type { Env as HonoEnv } from 'hono';
import { gatewayErrors, json } from '../lib/api-spec';

export const OPENAPI_PATH = '/api/openapi.json';
export const REFERENCE_PATH = '/api/docs';

export const documentRoute = createRoute({
  method: 'get',
  path: OPENAPI_PATH,
  tags: ['Reference'],
  summary: 'This document (OpenAPI 3.1)',
  description: `An interactive reference over it is at \`${REFERENCE_PATH}\`.`,
  responses: {
    200: json(z.looseObject({ openapi: z.literal('3.1.0'), paths: z.record(z.string(), z.unknown()) }), 'The document'),
    ...gatewayErrors,
  },
});

const info = {
  title: 'edgeshop shopper API',
  version: '0.1.0',
  description:
    'The shop as shoppers (and storefronts) use it, served at the edge: the catalog from the edge cache, carts, ' +
    'checkout, orders, reviews, customer service and accounts. Money is in integer minor units. Every refusal ' +
    'is `{ error: { code, message } }` with a stable `code`.',
};

const securitySchemes = {
  accessToken: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      'A signed-in shopper: the `accessToken` of `POST /api/auth/login` (5 minutes; renew it with `/api/auth/refresh`).',
  },
  orderToken: {
    type: 'http',
    scheme: 'bearer',
    description: 'The `orderToken` of the checkout answer: reads and acts on that one order.',
  },
} as const;

let text: string | undefined;

/** The document as JSON text, generated once per isolate from `app`'s route definitions. */
export function openApiDocument<E extends HonoEnv>(app: OpenAPIHono<E>): string {
  if (text === undefined) {
    for (const [name, scheme] of Object.entries(securitySchemes)) {
      app.openAPIRegistry.registerComponent('securitySchemes', name, scheme);
    }
    text = JSON.stringify(app.getOpenAPI31Document({ openapi: '3.1.0', info }));
  }
  return text;
}
