/**
 * Who is calling `/admin`, from `Authorization: Bearer <credential>`: the root ADMIN_TOKEN
 * (owner rights), an API key (`sk_live_…`), or a staff session token. Null when none is valid.
 */
import type { Database } from '../../db/client';
import { secretsEqual } from '../platform/auth';
import { API_KEY_PREFIX, SESSION_PREFIX } from '../platform/credentials/tokens';
import { resolveApiKey } from './api-keys';
import { PERMISSIONS, type Permission, permissionsOf } from './permissions';
import { resolveSession } from './sessions';
import { type StaffView, toStaffView } from './staff';

/**
 * The caller, as plain data (it crosses services: platform/rpc.ts). A session carries the staff
 * member's view (no password hash), and its token so the session's identity can be re-checked
 * (credential-status.ts).
 */
export type Principal =
  | { kind: 'root'; permissions: Permission[] }
  | { kind: 'session'; token: string; staff: StaffView; permissions: Permission[] }
  | { kind: 'api_key'; keyId: string; keyName: string; staffId: string | null; permissions: Permission[] };

export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer ([\x21-\x7e]{1,512})$/.exec(header ?? '');
  return match?.[1] ?? null;
}

export async function authenticate(
  db: Database,
  rootToken: string | null,
  header: string | undefined,
): Promise<Principal | null> {
  const token = bearerToken(header);
  if (!token) return null;
  if (token.startsWith(API_KEY_PREFIX)) {
    const key = await resolveApiKey(db, token, rootToken);
    return key
      ? { kind: 'api_key', keyId: key.id, keyName: key.name, staffId: key.staffId, permissions: key.permissions }
      : null;
  }
  if (token.startsWith(SESSION_PREFIX)) {
    const member = await resolveSession(db, token);
    return member
      ? { kind: 'session', token, staff: toStaffView(member), permissions: permissionsOf(member.role) }
      : null;
  }
  // Anything else can only be the root token (compared in constant time); null when it is disabled.
  if (rootToken && (await secretsEqual(token, rootToken))) return { kind: 'root', permissions: [...PERMISSIONS] };
  return null;
}

/** The caller as `GET /admin/me` shows it. */
export function describePrincipal(p: Principal) {
  return {
    kind: p.kind,
    staff: p.kind === 'session' ? p.staff : null,
    apiKey: p.kind === 'api_key' ? { id: p.keyId, name: p.keyName, createdBy: p.staffId } : null,
    permissions: p.permissions,
  };
}

/** Who acted, for audit columns: `root`, the staff member's id, or `key:<id>` for an API key. */
export function actorOf(p: Principal): string {
  if (p.kind === 'session') return p.staff.id;
  if (p.kind === 'api_key') return `key:${p.keyId}`;
  return 'root';
}
