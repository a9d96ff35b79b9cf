/**
 * Calls to the origin's customer routes (contract/customers.ts), signed like every
 * internal call, with the shopper's address (`x-client-ip`, signed) for the origin's own limits
 * on password work. The origin's answer is the shopper's answer (status and JSON body), except
 * when the origin refuses the edge itself (a signature problem) or cannot be reached: those
 * are outages, answered as 502 `origin_unavailable` and logged with the request id.
 */
import { customerPaths } from '../../contract/customers';
import { clientIp } from '../lib/client-identity';
import { readConfig } from '../lib/config';
import type { AppContext } from '../lib/context';
import { errorResponse } from '../lib/errors';
import { logger } from '../lib/log';
import { failureReason, signedOriginFetch } from '../lib/signed-fetch';

const TIMEOUT_MS = 10_000;

export interface OriginAnswer {
  status: number;
  /** Parsed JSON body; null for an empty one (204, 202). */
  body: unknown;
}

/** One signed call; null (after logging) when the outcome is an outage rather than an answer. */
export async function callCustomerOrigin(
  c: AppContext,
  method: 'GET' | 'POST',
  pathAndQuery: string,
  options: { body?: unknown; accessToken?: string | null } = {},
): Promise<OriginAnswer | null> {
  const requestId = c.get('requestId');
  try {
    const res = await signedOriginFetch(readConfig(c.env), {
      method,
      pathAndQuery,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      headers: options.accessToken ? { [customerPaths.customerTokenHeader]: options.accessToken } : {},
      requestId,
      // The shopper's address as the gateway counts it, signed: the origin locks failed logins
      // per email and address with it (origin/platform/client-address.ts).
      clientIp: clientIp(c.req.raw.headers),
      timeoutMs: TIMEOUT_MS,
    });
    const text = await res.text();
    let body: unknown = null;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
    }
    const code = (body as { error?: { code?: unknown } } | null)?.error?.code;
    const refusedTheEdge = res.status === 401 && code === 'unauthorized';
    if (res.status >= 500 || body === undefined || refusedTheEdge) {
      logger.error('customer origin call failed', { requestId, path: pathAndQuery, status: res.status });
      return null;
    }
    return { status: res.status, body };
  } catch (err) {
    logger.error('customer origin unreachable', { requestId, path: pathAndQuery, reason: failureReason(err) });
    return null;
  }
}

/** The origin's answer as the shopper's response. */
export function relay(c: AppContext, answer: OriginAnswer | null): Response {
  if (!answer) return unavailable(c);
  if (answer.body === null) return c.body(null, answer.status as 202 | 204);
  return c.json(answer.body, answer.status as 200);
}

export function unavailable(c: AppContext): Response {
  return errorResponse(c, 'origin_unavailable', 'The account service is temporarily unavailable; try again');
}
