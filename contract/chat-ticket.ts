/**
 * Tickets for a conversation's WebSocket. A browser cannot put an Authorization header on a
 * WebSocket, so whoever may use a conversation over HTTP first asks for a ticket (the edge for a
 * shopper, the origin's admin API for an agent) and opens the socket with `?ticket=`. A ticket
 * names one conversation and one role, expires within a minute and is signed with a key derived
 * from INTERNAL_SECRET; the conversation object accepts each nonce once. A ticket also names the
 * credential it was issued for (none for a guest), which the object keeps with the socket and
 * re-checks, so the socket ends when that credential does. Pure WebCrypto: the Worker and the
 * origin share this implementation.
 */
import { decodeBase64Url, decodeBase64UrlText, encodeBase64Url } from './base64url';
import { hmacKey } from './signing';
import type { SocketCredential } from './support';

export const TICKET_TTL_MS = 60_000;

export interface ChatTicket {
  conversationId: string;
  role: 'shopper' | 'agent';
  /** Shown with the messages sent over this socket. */
  name: string;
  nonce: string;
  expiresAt: number;
  /** What the socket stays open on; null for a guest (see `SocketCredential`). */
  credential: SocketCredential | null;
}

const encoder = new TextEncoder();
/** A key of its own, derived from the shared secret, so a ticket can never pass for an internal signature. */
const ticketKey = (secret: string) => hmacKey(`chat-ticket:${secret}`);
const DOMAIN = 'edgeshop chat ticket v1\n';

/** A ticket for `conversationId`, valid for TICKET_TTL_MS from `now`. */
export async function issueTicket(
  secret: string,
  claims: Omit<ChatTicket, 'nonce' | 'expiresAt' | 'credential'> & { credential?: SocketCredential | null },
  now = Date.now(),
): Promise<{ ticket: string; expiresAt: number }> {
  const expiresAt = now + TICKET_TTL_MS;
  const nonce = encodeBase64Url(crypto.getRandomValues(new Uint8Array(12)));
  const payload = encodeBase64Url(
    JSON.stringify({ ...claims, credential: claims.credential ?? null, nonce, expiresAt } satisfies ChatTicket),
  );
  const sig = new Uint8Array(
    await crypto.subtle.sign('HMAC', await ticketKey(secret), encoder.encode(DOMAIN + payload)),
  );
  return { ticket: `${payload}.${encodeBase64Url(sig)}`, expiresAt };
}

/** The ticket's claims when it is genuine, unexpired and for `conversationId`; else null. */
export async function verifyTicket(
  secret: string,
  ticket: string,
  conversationId: string,
  now = Date.now(),
): Promise<ChatTicket | null> {
  if (ticket.length > 2_000) return null;
  const [payload, signature, extra] = ticket.split('.');
  if (!payload || !signature || extra !== undefined) return null;
  const sig = decodeBase64Url(signature);
  if (sig?.length !== 32) return null;
  const ok = await crypto.subtle.verify('HMAC', await ticketKey(secret), sig, encoder.encode(DOMAIN + payload));
  if (!ok) return null;
  try {
    const claims = JSON.parse(decodeBase64UrlText(payload) ?? '') as ChatTicket;
    if (claims.conversationId !== conversationId || claims.expiresAt <= now) return null;
    if (claims.role !== 'shopper' && claims.role !== 'agent') return null;
    if (typeof claims.name !== 'string' || typeof claims.nonce !== 'string') return null;
    // Only a guest's socket has no credential to re-check; an agent's always has one.
    const credential = claims.credential ?? null;
    if (credential === null ? claims.role === 'agent' : !isSocketCredential(credential)) return null;
    return { ...claims, credential };
  } catch {
    return null;
  }
}

const idText = (value: unknown, max = 128): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= max;
const sha256Text = (value: unknown): value is string => typeof value === 'string' && /^[0-9a-f]{64}$/.test(value);

/** Whether `value` has the shape of a `SocketCredential` (it crosses from the ticket to the object's storage). */
export function isSocketCredential(value: unknown): value is SocketCredential {
  if (typeof value !== 'object' || value === null) return false;
  const c = value as Record<string, unknown>;
  const fields = Object.keys(c).length;
  switch (c.kind) {
    case 'customer_session':
      return fields === 3 && idText(c.customerId) && idText(c.sessionId);
    case 'staff_session':
      return fields === 3 && idText(c.staffId) && sha256Text(c.sessionHash);
    case 'api_key':
      return fields === 2 && idText(c.keyId);
    case 'root':
      return fields === 2 && sha256Text(c.tokenHash);
    default:
      return false;
  }
}
