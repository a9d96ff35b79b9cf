import { OpenAPIHono } from '@hono/zod-openapi';
import type { OriginContext } from '../context';
import { validationHook } from '../platform/openapi';

/** `GET /internal/orders/:id/tracking` for the edge (to be written). */
export function trackingInternalRoutes(_ctx: OriginContext) {
  return new OpenAPIHono({ defaultHook: validationHook });
}
