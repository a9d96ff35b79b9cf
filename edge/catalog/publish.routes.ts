import { Hono } from 'hono';
import { internalPaths } from '../../origin/catalog/snapshot';
import { verifyInternalRequest } from '../../origin/platform/internal-auth';
import { readConfig } from '../lib/config';
import type { AppEnv } from '../lib/context';
import { ApiError } from '../lib/errors';
import { parseOrThrow } from '../lib/validate';
import { clearCatalogL1 } from './catalog-l1';
import { applyPublish, PublishTooLargeError } from './publish';
import { publishPayloadSchema } from './publish-schema';

const MAX_PUBLISH_BYTES = 5 * 1024 * 1024;

/**
 * `POST /internal/catalog/publish`: the origin's outbox relay pushes snapshots here. The
 * signature covers the raw body, so it is checked before the body is parsed or trusted.
 */
export const publishRoutes = new Hono<AppEnv>().post(internalPaths.publish, async (c) => {
  if (Number(c.req.header('content-length') ?? '0') > MAX_PUBLISH_BYTES) {
    throw new ApiError('payload_too_large', `Publish bodies are limited to ${MAX_PUBLISH_BYTES} bytes`);
  }
  const body = await c.req.text();
  if (body.length > MAX_PUBLISH_BYTES) {
    throw new ApiError('payload_too_large', `Publish bodies are limited to ${MAX_PUBLISH_BYTES} bytes`);
  }
  const url = new URL(c.req.url);
  const secret = readConfig(c.env).internalSecret;
  if (!(await verifyInternalRequest(secret, c.req.method, url.pathname + url.search, body, c.req.raw.headers))) {
    throw new ApiError('unauthorized', 'Missing, invalid or expired internal signature');
  }

  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new ApiError('malformed_json', 'Malformed JSON in request body');
  }
  const payload = parseOrThrow(publishPayloadSchema, json);

  try {
    const result = await applyPublish(c.env.CATALOG, payload);
    clearCatalogL1(result.version);
    return c.json(result, 200);
  } catch (err) {
    if (err instanceof PublishTooLargeError) throw new ApiError('payload_too_large', err.message);
    throw err;
  }
});
