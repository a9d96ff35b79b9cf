import { bodyLimit } from 'hono/body-limit';
import { verifyInternalRequest } from '../../contract/signing';
import { readConfig } from './config';
import type { AppContext } from './context';
import { ApiError } from './errors';

/**
 * The JSON body of a call from the origin (publishes, agents' messages), read raw and checked
 * against its signature before it is parsed or trusted: 413 `payload_too_large` past `maxBytes`
 * (counted as the bytes arrive, so a chunked body without Content-Length is never buffered
 * whole), 401 `unauthorized` for a missing, wrong or stale signature, 400 `malformed_json` for a
 * body that is not JSON.
 */
export async function signedJsonBody(c: AppContext, maxBytes: number): Promise<unknown> {
  const tooLarge = () => {
    throw new ApiError('payload_too_large', `Bodies are limited to ${maxBytes} bytes`);
  };
  await bodyLimit({ maxSize: maxBytes, onError: tooLarge })(c, async () => {});
  const body = await c.req.text();
  const url = new URL(c.req.url);
  const secret = readConfig(c.env).internalSecret;
  if (!(await verifyInternalRequest(secret, c.req.method, url.pathname + url.search, body, c.req.raw.headers))) {
    throw new ApiError('unauthorized', 'Missing, invalid or expired internal signature');
  }
  try {
    return JSON.parse(body);
  } catch {
    throw new ApiError('malformed_json', 'Malformed JSON in request body');
  }
}
