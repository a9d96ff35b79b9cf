import { Hono } from 'hono';
import { internalPaths } from '../../contract/catalog';
import type { AppEnv } from '../lib/context';
import { ApiError } from '../lib/errors';
import { signedJsonBody } from '../lib/signed-body';
import { parseOrThrow } from '../lib/validate';
import { clearCatalogL1 } from './catalog-l1';
import { applyPublish, PublishTooLargeError } from './publish';
import { publishPayloadSchema } from './publish-schema';

const MAX_PUBLISH_BYTES = 5 * 1024 * 1024;

/**
 * `POST /internal/catalog/publish`: the origin's outbox relay pushes snapshots here, signed
 * over the raw body (checked before the body is parsed or trusted).
 */
export const publishRoutes = new Hono<AppEnv>().post(internalPaths.publish, async (c) => {
  if (Number(c.req.header('content-length') ?? '0') > MAX_PUBLISH_BYTES) {
    throw new ApiError('payload_too_large', `Publish bodies are limited to ${MAX_PUBLISH_BYTES} bytes`);
  }
  const json = await signedJsonBody(c, MAX_PUBLISH_BYTES);
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
