import { CLIENT_IP_HEADER, signInternalRequest } from '../../origin/platform/internal-auth';
import { REQUEST_ID_HEADER } from './request-id';

export interface OriginTarget {
  originUrl: string;
  internalSecret: string;
}

export interface SignedRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** e.g. `/internal/orders/ord_1`; the signature covers it exactly. */
  pathAndQuery: string;
  /** JSON text; the signature covers it exactly. */
  body?: string;
  /** Sent with the request; the authority ones (`x-order-token`, `x-customer-token`) are signed. */
  headers?: Record<string, string>;
  /** Forwarded (signed) as `x-request-id` so one id traces edge and origin logs. */
  requestId?: string;
  /** Forwarded (signed) as `x-client-ip`: the shopper's address as the gateway's limits see it. */
  clientIp?: string;
  /** Bounds the whole exchange, body included. */
  timeoutMs: number;
  /** Injected in tests; defaults to the global fetch, looked up per call. */
  fetch?: typeof fetch;
}

/**
 * Sends one request to the origin, signed with `signInternalRequest` (its authority headers
 * too) so the origin can tell the edge from the internet and a captured request cannot be
 * turned to another shopper's account. Network failures and timeouts reject (with the
 * runtime's error); every HTTP answer, whatever its status, resolves.
 */
export async function signedOriginFetch(target: OriginTarget, req: SignedRequest): Promise<Response> {
  const body = req.body ?? '';
  const forwarded: Record<string, string> = { ...req.headers };
  if (req.requestId) forwarded[REQUEST_ID_HEADER] = req.requestId;
  if (req.clientIp) forwarded[CLIENT_IP_HEADER] = req.clientIp;
  const signed = await signInternalRequest(target.internalSecret, req.method, req.pathAndQuery, body, {
    headers: forwarded,
  });
  const headers: Record<string, string> = { accept: 'application/json', ...signed };
  if (req.body !== undefined) headers['content-type'] = 'application/json';
  const doFetch = req.fetch ?? fetch;
  return doFetch(`${target.originUrl}${req.pathAndQuery}`, {
    method: req.method,
    headers,
    body: req.body,
    signal: AbortSignal.timeout(req.timeoutMs),
  });
}

/** A short description of a thrown fetch failure for logs. */
export function failureReason(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
