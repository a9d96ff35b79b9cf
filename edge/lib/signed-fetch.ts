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
  /** The deadline: bounds the whole exchange, body included, and a retry with it. */
  timeoutMs: number;
  /**
   * GETs only: the first attempt gives up after this long, leaving the rest of the deadline to
   * one retry (a hung origin). Unset: the first attempt may use the whole deadline.
   */
  attemptTimeoutMs?: number;
  /**
   * Safe to send twice although not a GET: the origin answers it once, whatever the copies (a
   * checkout, by its Idempotency-Key). GETs always are.
   */
  idempotent?: boolean;
  /** Injected in tests; defaults to the global fetch, looked up per call. */
  fetch?: typeof fetch;
}

/**
 * Retries of a struggling origin (one that timed out or answered 502/503/504) share one budget
 * per isolate, so it is not hit by a retry storm: every call deposits `RETRY_BUDGET_RATIO` of a
 * token (up to `RETRY_BUDGET_MAX`) and every such retry spends one. Once the few saved tokens
 * are spent each request makes one attempt, until healthy calls earn retries back. A call that
 * got no answer at all (a pooled connection closed under it, a refused connection) is retried
 * without spending the budget: that costs the origin nothing, and a reused keep-alive
 * connection lost at the wrong moment is an everyday event, not an outage.
 */
export const RETRY_BUDGET_RATIO = 0.2;
export const RETRY_BUDGET_MAX = 10;

let retryTokens = RETRY_BUDGET_MAX;

/** The isolate's retry budget (tests). */
export const retryBudget = {
  tokens: (): number => retryTokens,
  reset: (tokens = RETRY_BUDGET_MAX): void => {
    retryTokens = tokens;
  },
};

function depositRetryToken(): void {
  retryTokens = Math.min(RETRY_BUDGET_MAX, retryTokens + RETRY_BUDGET_RATIO);
}

function spendRetryToken(): boolean {
  if (retryTokens < 1) return false;
  retryTokens -= 1;
  return true;
}

/** Gateway answers that prove the origin did not handle the request (its proxy answered). */
const RETRYABLE_STATUSES = new Set([502, 503, 504]);

/**
 * Sends one request to the origin, signed with `signInternalRequest` (its authority headers
 * too) so the origin can tell the edge from the internet and a captured request cannot be
 * turned to another shopper's account. Network failures and timeouts reject (with the
 * runtime's error); every HTTP answer, whatever its status, resolves.
 *
 * `timeoutMs` is the deadline of the whole call, retry included. An idempotent call (a GET, or
 * `idempotent`) is sent once more, signed anew (a fresh nonce: the origin's replay guard takes
 * it for the new request it is), within that deadline, when its first attempt:
 * - failed at the connection level (no answer at all: a pooled keep-alive connection the origin
 *   closed just as it was reused, "Network connection lost.", or a refused connection);
 * - was answered 502/503/504 (a proxy in front of the origin, or the origin draining);
 * - for a GET only, did not answer within `attemptTimeoutMs` (a hung origin): the rest of the
 *   deadline goes to the retry.
 * The last two only while the isolate's retry budget allows (see `RETRY_BUDGET_RATIO`).
 * Anything else is sent once: its first attempt may have reached the origin.
 */
export async function signedOriginFetch(target: OriginTarget, req: SignedRequest): Promise<Response> {
  const deadline = AbortSignal.timeout(req.timeoutMs);
  const idempotent = req.method === 'GET' || req.idempotent === true;
  const firstTimeout =
    req.method === 'GET' && req.attemptTimeoutMs !== undefined && req.attemptTimeoutMs < req.timeoutMs
      ? AbortSignal.any([deadline, AbortSignal.timeout(req.attemptTimeoutMs)])
      : deadline;
  depositRetryToken();
  let reason: string;
  try {
    const res = await attempt(target, req, firstTimeout);
    if (!idempotent || !RETRYABLE_STATUSES.has(res.status)) return res;
    if (deadline.aborted || !spendRetryToken()) return res;
    await res.body?.cancel();
    reason = `HTTP ${res.status}`;
  } catch (err) {
    const attemptTimedOut = firstTimeout !== deadline && firstTimeout.aborted;
    if (!idempotent || deadline.aborted || !(attemptTimedOut || isConnectionFailure(err))) throw err;
    if (attemptTimedOut && !spendRetryToken()) throw err;
    reason = failureReason(err);
  }
  logger.warn('origin attempt failed; retrying once', {
    requestId: req.requestId,
    request: `${req.method} ${req.pathAndQuery}`,
    reason,
  });
  return attempt(target, req, deadline);
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
