import { OpenAPIHono } from '@hono/zod-openapi';
import type { OriginContext } from '../context';
import { validationHook } from '../platform/openapi';

export function paymentInternalRoutes(_ctx: OriginContext) {
  return new OpenAPIHono({ defaultHook: validationHook });
}
