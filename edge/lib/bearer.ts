/** RFC 6750 `b64token`, bounded. */
const BEARER = /^Bearer +([A-Za-z0-9._~+/-]{1,1024}=*)$/i;

/** The bearer token of an `Authorization` header, or null when it is missing or garbled. */
export function bearerToken(header: string | undefined | null): string | null {
  return header ? (BEARER.exec(header)?.[1] ?? null) : null;
}
