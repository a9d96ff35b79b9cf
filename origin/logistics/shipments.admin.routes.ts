import { OpenAPIHono } from '@hono/zod-openapi';
import type { OriginContext } from '../context';
import { validationHook } from '../platform/openapi';

/** Merchant routes for shipments (to be written). */
export function shipmentAdminRoutes(_ctx: OriginContext) {
  return new OpenAPIHono({ defaultHook: validationHook });
}
