import { REQUEST_ID_HEADER } from '../../contract/request-id';
import { CLIENT_IP_HEADER, signInternalRequest } from '../../contract/signing';
import { logger } from './log';

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
  /** Bounds the whole exchange, body included, and a retry with it. */
  timeoutMs: number;
  /**
   * Safe to send twice although not a GET: the origin answers it once, whatever the copies (a
   * checkout, by its Idempotency-Key). GETs always are.
   */
  idempotent?: boolean;
  /** Injected in tests; defaults to the global fetch, looked up per call. */
  fetch?: typeof fetch;
}

/**
 * Sends one request to the origin, signed with `signInternalRequest` (its authority headers
 * too) so the origin can tell the edge from the internet and a captured request cannot be
 * turned to another shopper's account. Network failures and timeouts reject (with the
 * runtime's error); every HTTP answer, whatever its status, resolves.
 *
 * An idempotent call (a GET, or `idempotent`) whose attempt fails at the connection level (no
 * answer at all: typically a pooled keep-alive connection the origin closed just as it was
 * reused, "Network connection lost.") is sent once more, signed anew (a fresh nonce: the
 * origin's replay guard takes it for the new request it is), within the same deadline. A
 * timeout is not retried: the time is spent. Anything else is sent once: its first attempt may
 * have reached the origin.
 */
export async function signedOriginFetch(target: OriginTarget, req: SignedRequest): Promise<Response> {
  const deadline = AbortSignal.timeout(req.timeoutMs);
  try {
    return await attempt(target, req, deadline);
  } catch (err) {
    const idempotent = req.method === 'GET' || req.idempotent === true;
    if (!idempotent || deadline.aborted || !isConnectionFailure(err)) throw err;
    logger.warn('origin connection failed; retrying once', {
      requestId: req.requestId,
      request: `${req.method} ${req.pathAndQuery}`,
      reason: failureReason(err),
    });
    return attempt(target, req, deadline);
  }
}

/** A failure with no answer, as opposed to our own deadline or cancellation. */
export function isConnectionFailure(err: unknown): boolean {
  const name = err instanceof Error || err instanceof DOMException ? err.name : '';
  return name !== 'AbortError' && name !== 'TimeoutError';
}

/** One signed attempt: signed at the moment it is sent. */
async function attempt(target: OriginTarget, req: SignedRequest, deadline: AbortSignal): Promise<Response> {
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
    signal: deadline,
  });
}

/** A short description of a thrown fetch failure for logs. */
export function failureReason(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
