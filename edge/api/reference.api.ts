/**
 * `GET /api/docs`: the interactive reference over the shopper API's document, the same page the
 * origin serves at `/docs` (contract/api-reference.ts). Definitions only, like every `*.api.ts`.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { SWAGGER_UI_VERSION } from '../../contract/api-reference';
import { error, gatewayErrors } from '../lib/api-spec';
import { OPENAPI_PATH, REFERENCE_PATH } from './openapi-document';

const tags = ['Reference'];

/** Where the page's three files are served: versioned, so they may be cached for a year. */
export const REFERENCE_ASSET_BASE = `${REFERENCE_PATH}/assets/${SWAGGER_UI_VERSION}`;

export const referencePageRoute = createRoute({
  method: 'get',
  path: REFERENCE_PATH,
  tags,
  summary: 'The interactive reference of this document (HTML)',
  description: `Swagger UI over \`${OPENAPI_PATH}\`; every file it loads comes from this host.`,
  responses: {
    200: { description: 'The page', content: { 'text/html': { schema: z.string() } } },
    ...gatewayErrors,
  },
});

export const referenceAssetRoute = createRoute({
  method: 'get',
  path: `${REFERENCE_ASSET_BASE}/{file}`,
  tags,
  summary: 'A script or stylesheet of the interactive reference',
  request: { params: z.object({ file: z.string() }) },
  responses: {
    200: { description: 'The file (immutable)', content: { 'text/javascript': { schema: z.string() } } },
    404: error('No such file', 'not_found'),
    ...gatewayErrors,
  },
});
