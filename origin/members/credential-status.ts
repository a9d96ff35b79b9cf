/**
 * Staff credentials held by something other than a request: a live socket keeps the identity of
 * the credential it was opened with, never its secret (a session by the SHA-256 of its token, the
 * key it is stored under; an API key by its id; the root token by its SHA-256), and asks from time
 * to time whether it still holds. The answer follows the rules `authenticate` applies to a
 * request (principal.ts, sessions.ts, and api-keys.ts's `keyGrant` itself) plus the permission
 * the holder needs; credential-status.test.ts holds the two to the same answers.
 */
import { inArray } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { apiKeys, staff, staffSessions } from '../../db/schema/members';
import { sha256Hex } from '../platform/credentials/tokens';
import { keyGrant, rootFingerprintOf } from './api-keys';
import { allows, type Permission, permissionsOf } from './permissions';
import type { Principal } from './principal';

export type StaffCredential =
  | { kind: 'staff_session'; staffId: string; sessionHash: string }
  | { kind: 'api_key'; keyId: string }
  | { kind: 'root'; tokenHash: string };

/**
 * `session_ended`: logged out or expired; `credential_revoked`: an API key revoked or expired, or
 * the root token changed or switched off; `staff_disabled`: the member (or a key's creator) is
 * disabled; `permission_revoked`: the role no longer grants the permission.
 */
export type StaffCredentialLapse = 'session_ended' | 'credential_revoked' | 'staff_disabled' | 'permission_revoked';
export type StaffCredentialStatus = { valid: true } | { valid: false; reason: StaffCredentialLapse };

/** The identity of the credential a request came with, to be re-checked later. */
export async function credentialOf(p: Principal, rootToken: string | null): Promise<StaffCredential> {
  if (p.kind === 'session')
    return { kind: 'staff_session', staffId: p.staff.id, sessionHash: await sha256Hex(p.token) };
  if (p.kind === 'api_key') return { kind: 'api_key', keyId: p.keyId };
  // A root principal exists only while the root token is set, and was authenticated with it.
  return { kind: 'root', tokenHash: await sha256Hex(rootToken ?? '') };
}

const VALID: StaffCredentialStatus = { valid: true };
const lapsed = (reason: StaffCredentialLapse): StaffCredentialStatus => ({ valid: false, reason });

/**
 * One status per credential, in order, for a holder that needs `required`; three queries
 * whatever the number of credentials.
 */
export async function staffCredentialStatuses(
  db: Database,
  rootToken: string | null,
  credentials: readonly StaffCredential[],
  required: Permission,
  now = new Date(),
): Promise<StaffCredentialStatus[]> {
  const hashes = credentials.flatMap((c) => (c.kind === 'staff_session' ? [c.sessionHash] : []));
  const keyIds = credentials.flatMap((c) => (c.kind === 'api_key' ? [c.keyId] : []));
  const [sessions, keys] = await Promise.all([
    hashes.length ? db.select().from(staffSessions).where(inArray(staffSessions.tokenHash, hashes)) : [],
    keyIds.length ? db.select().from(apiKeys).where(inArray(apiKeys.id, keyIds)) : [],
  ]);
  const staffIds = [
    ...new Set([
      ...credentials.flatMap((c) => (c.kind === 'staff_session' ? [c.staffId] : [])),
      ...keys.flatMap((k) => (k.createdBy ? [k.createdBy] : [])),
    ]),
  ];
  const members = staffIds.length ? await db.select().from(staff).where(inArray(staff.id, staffIds)) : [];
  const sessionBy = new Map(sessions.map((s) => [s.tokenHash, s]));
  const keyBy = new Map(keys.map((k) => [k.id, k]));
  const memberBy = new Map(members.map((m) => [m.id, m]));
  const rootHash = rootToken ? await sha256Hex(rootToken) : null;
  const rootFingerprint = await rootFingerprintOf(rootToken);

  return credentials.map((c): StaffCredentialStatus => {
    if (c.kind === 'root') return rootHash !== null && rootHash === c.tokenHash ? VALID : lapsed('credential_revoked');
    if (c.kind === 'staff_session') {
      const member = memberBy.get(c.staffId);
      const session = sessionBy.get(c.sessionHash);
      if (member?.disabledAt) return lapsed('staff_disabled');
      if (!member || !session || session.staffId !== member.id || session.expiresAt <= now) {
        return lapsed('session_ended');
      }
      return allows(permissionsOf(member.role), required) ? VALID : lapsed('permission_revoked');
    }
    const key = keyBy.get(c.keyId);
    if (!key) return lapsed('credential_revoked');
    const grant = keyGrant(key, key.createdBy ? (memberBy.get(key.createdBy) ?? null) : null, rootFingerprint, now);
    if (!grant.ok) return lapsed(grant.reason);
    return allows(grant.permissions, required) ? VALID : lapsed('permission_revoked');
  });
}
