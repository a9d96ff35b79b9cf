/**
 * The pure half of a conversation object's credential check: which credentials to ask the
 * origin about (each once, however many sockets share it), how to read its answer, and the
 * close frame a socket gets when its credential lapsed.
 */

import { isSocketCredential } from '../../contract/chat-ticket';
import {
  CREDENTIAL_LAPSES,
  CREDENTIALS_PER_CHECK,
  type CredentialLapse,
  type CredentialVerdict,
  type SocketCredential,
} from '../../contract/support';

/** Close codes of the private range (4000–4999): 4401 sign in again, 4403 do not retry. */
export const LAPSE_CLOSE_CODES = { signInAgain: 4401, notAllowed: 4403 } as const;

/** One key per credential, so sockets opened with the same one are asked about once. */
export function credentialKey(c: SocketCredential): string {
  switch (c.kind) {
    case 'customer_session':
      return `customer_session ${c.customerId} ${c.sessionId}`;
    case 'staff_session':
      return `staff_session ${c.staffId} ${c.sessionHash}`;
    case 'api_key':
      return `api_key ${c.keyId}`;
    case 'root':
      return `root ${c.tokenHash}`;
  }
}

/**
 * The distinct credentials of `held`, in batches of at most CREDENTIALS_PER_CHECK: one batch
 * (one call to the origin) for any conversation short of a hundred different credentials.
 */
export function checkBatches(held: readonly SocketCredential[]): SocketCredential[][] {
  const distinct = [...new Map(held.map((c) => [credentialKey(c), c])).values()];
  const batches: SocketCredential[][] = [];
  for (let i = 0; i < distinct.length; i += CREDENTIALS_PER_CHECK) {
    batches.push(distinct.slice(i, i + CREDENTIALS_PER_CHECK));
  }
  return batches;
}

/** The origin's verdicts when the answer has one well-formed verdict per credential asked; else null. */
export function parseVerdicts(body: unknown, asked: number): CredentialVerdict[] | null {
  const results = (body as { results?: unknown } | null)?.results;
  if (!Array.isArray(results) || results.length !== asked) return null;
  const verdicts: CredentialVerdict[] = [];
  for (const r of results as { valid?: unknown; reason?: unknown }[]) {
    if (r?.valid === true) verdicts.push({ valid: true });
    else if (r?.valid === false && (CREDENTIAL_LAPSES as readonly unknown[]).includes(r.reason)) {
      verdicts.push({ valid: false, reason: r.reason as CredentialLapse });
    } else return null;
  }
  return verdicts;
}

/**
 * The close frame for a lapsed credential: 4401 when signing in again and taking a new ticket
 * helps (the session ended, a key was revoked), 4403 when a new ticket would be refused too (the
 * member is disabled or lost the support role). The reason is the lapse's code.
 */
export function closeFrame(reason: CredentialLapse): { code: number; reason: CredentialLapse } {
  const again = reason === 'session_ended' || reason === 'credential_revoked';
  return { code: again ? LAPSE_CLOSE_CODES.signInAgain : LAPSE_CLOSE_CODES.notAllowed, reason };
}

/** The credential a socket's upgrade request carries (set by the Worker from its verified ticket). */
export function credentialFromHeader(raw: string | null): SocketCredential | null | 'invalid' {
  if (raw === null) return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    return isSocketCredential(parsed) ? parsed : 'invalid';
  } catch {
    return 'invalid';
  }
}
