/**
 * Where a request comes from, for the login limits (per address, and the lock per email and
 * address). Two sources, each trusted for one kind of call only:
 *
 * - A direct call (staff on `/admin`): the TCP peer, which `server.ts` hands to the app as the
 *   `clientAddress` binding; a client cannot forge it. Behind a proxy or load balancer every
 *   peer is the proxy, so `CLIENT_ADDRESS_HEADER` names the header that proxy sets, and the last
 *   entry of a list is read (the one the proxy appended). Set it only when every request reaches
 *   the origin through that proxy: otherwise a client could send the header itself.
 * - A call from the edge (`/internal/*`, edge signature checked first): `x-client-address`, the
 *   shopper's address as the edge counts it for its own limits (Cloudflare's CF-Connecting-IP).
 *   The edge sets it on every signed call and never passes a client's copy on; the origin reads
 *   it on those routes only, where the signature has shown the request is the edge's.
 *
 * An address that is missing or malformed counts as `unknown`: such callers share one bucket.
 */
import type { Context } from 'hono';
import { normaliseIp } from '../../contract/ip-address';
import { CLIENT_IP_HEADER } from '../../contract/signing';

export const CLIENT_ADDRESS_HEADER = CLIENT_IP_HEADER;
export const UNKNOWN_ADDRESS = 'unknown';

/** What `server.ts` passes as the app's env: the TCP peer of the request. */
export interface ClientBindings {
  clientAddress?: string;
}

const counted = (raw: string | null | undefined) => (raw ? normaliseIp(raw) : null) ?? UNKNOWN_ADDRESS;

/** The caller of a direct request: the socket's peer, or `trustedHeader`'s last entry when set. */
export function directAddress(c: Context, trustedHeader: string | null): string {
  if (trustedHeader) return counted(c.req.header(trustedHeader)?.split(',').at(-1));
  return counted((c.env as ClientBindings | undefined)?.clientAddress);
}

/** The shopper behind a signed call from the edge (only ever read under `/internal`). */
export function edgeForwardedAddress(c: Context): string {
  return counted(c.req.header(CLIENT_ADDRESS_HEADER));
}
