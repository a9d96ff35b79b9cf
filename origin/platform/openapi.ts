/** Small helpers so route definitions stay short and every error response is documented alike. */

import type { Hook } from '@hono/zod-openapi';
import { OpenAPIHono, type z } from '@hono/zod-openapi';
import { errorBody } from './errors';
import { ErrorSchema } from './schemas';

export const jsonBody = <T extends z.ZodType>(schema: T, description?: string) => ({
  body: { content: { 'application/json': { schema } }, required: true, description },
});

export const jsonResponse = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});

const errorResponse = (description: string) => jsonResponse(ErrorSchema, description);

/** The error answers every admin route may give, for the OpenAPI document. */
export const adminErrors = {
  400: errorResponse('Malformed input'),
  401: errorResponse('Missing or invalid credentials'),
  403: errorResponse('The credentials lack the permission this route needs'),
  404: errorResponse('Not found'),
  409: errorResponse('Conflict with the current state'),
} as const;

/** Renders zod validation failures as `400 invalid_request` with a readable message. */
// biome-ignore lint/suspicious/noExplicitAny: the hook is shared by routes of every shape
export const validationHook: Hook<any, any, any, any> = (result, c) => {
  if (result.success) return;
  const issues = result.error.issues.slice(0, 5).map((i) => {
    const path = i.path.join('.');
    return path ? `${path}: ${i.message}` : i.message;
  });
  return c.json(errorBody('invalid_request', issues.join('; ') || 'Invalid request'), 400);
};

export function router<E extends object = object>() {
  return new OpenAPIHono<{ Variables: E }>({ defaultHook: validationHook });
}
