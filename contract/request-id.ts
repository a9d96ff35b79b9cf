/**
 * Request ids: the one rule the edge and the origin both apply to an incoming `x-request-id`.
 *
 * Reusing a caller's id lets one id trace a request through a proxy, the edge and the origin
 * (the edge forwards its id, signed, on every origin call). The id is written into log lines
 * and echoed in a response header, so it is kept only when it is plain: ASCII letters, digits
 * and `. _ : -`, from 8 to 128 characters. Anything else (log syntax, spaces, control
 * characters, a line that would balloon the logs, an id too short to find one request by) is
 * replaced by a fresh id. Both sides must agree, or an id the edge kept and logged would be
 * replaced at the origin and the two halves of a trace would no longer meet.
 */

export const REQUEST_ID_HEADER = 'x-request-id';

const ACCEPTED = /^[A-Za-z0-9._:-]{8,128}$/;

/** True when `value` may be used as it is (see the file comment for the rule). */
export function isAcceptedRequestId(value: string | null | undefined): value is string {
  return typeof value === 'string' && ACCEPTED.test(value);
}

/** A fresh id, `req_` and 32 hex digits of a random UUID (itself always accepted). */
export function newRequestId(): string {
  return `req_${crypto.randomUUID().replaceAll('-', '')}`;
}

/** The incoming id when it is accepted, else a fresh one. */
export function resolveRequestId(incoming: string | null | undefined): string {
  return isAcceptedRequestId(incoming) ? incoming : newRequestId();
}
