import { OpenAPIHono } from '@hono/zod-openapi';
import type { OriginContext } from '../context';
import { validationHook } from '../platform/openapi';

/** `POST /webhooks/carriers/:carrier` (to be written). */
export function carrierWebhookRoutes(_ctx: OriginContext) {
  return new OpenAPIHono({ defaultHook: validationHook });
}
