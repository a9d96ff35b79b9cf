/**
 * API keys for automation: `sk_live_<random>`, shown once, stored as SHA-256. A key's rights are
 * the permissions it was given intersected with its creator's current role, so demoting or
 * disabling the creator narrows or stops their keys at once.
 *
 * Keys made with the root token follow that token the same way: each records a fingerprint of
 * the ADMIN_TOKEN that made it and works only while that is the configured ADMIN_TOKEN. So
 * rotating ADMIN_TOKEN (the operator's answer to a leak) or unsetting it ends every key made
 * with it, as disabling a staff member ends theirs. (The other design, a required expiry, would
 * let a key minted with a leaked token outlive the rotation until it expired.) An optional
 * `expiresAt` still applies on top.
 */
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { apiKeys, staff } from '../../db/schema/members';
import { API_KEY_PREFIX, newSecret, sha256Hex } from '../platform/credentials/tokens';
import { err, ok, type Result } from '../platform/result';
import { memberId } from './ids';
import { isPermission, PERMISSIONS, type Permission, permissionsOf, type StaffRole } from './permissions';

type ApiKeyRow = typeof apiKeys.$inferSelect;

export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  permissions: string[];
  createdBy: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
  createdAt: string;
}

export const toApiKeyView = (row: ApiKeyRow): ApiKeyView => ({
  id: row.id,
  name: row.name,
  prefix: row.prefix,
  permissions: row.permissions,
  createdBy: row.createdBy,
  expiresAt: row.expiresAt?.toISOString() ?? null,
  revokedAt: row.revokedAt?.toISOString() ?? null,
  createdAt: row.createdAt.toISOString(),
});

export interface NewApiKey {
  name: string;
  permissions: Permission[];
  expiresAt?: Date;
}

/** What ties a root key to the ADMIN_TOKEN that made it; domain-separated, never the token's plain hash. */
export const rootTokenFingerprint = (rootToken: string) => sha256Hex(`edgeshop api-key root:${rootToken}`);

export interface KeyCreator {
  /** The staff member the key belongs to; null for the root token (or a key made with it). */
  staffId: string | null;
  held: readonly Permission[];
  /** The configured ADMIN_TOKEN, which a root key is tied to. */
  rootToken: string | null;
}

/** Creates a key for `creator` holding some of `creator.held`. */
export async function createApiKey(
  db: Database,
  creator: KeyCreator,
  input: NewApiKey,
): Promise<Result<{ key: string; apiKey: ApiKeyView }>> {
  const beyond = input.permissions.filter((p) => !creator.held.includes(p));
  if (beyond.length) {
    return err('permission_not_held', `A key cannot have permissions its creator lacks: ${beyond.join(', ')}`, {
      permissions: beyond,
    });
  }
  // Only the root token, or a key tied to it, acts without a staff member: it is configured then.
  if (creator.staffId === null && !creator.rootToken) throw new Error('a root key needs the configured root token');
  const key = newSecret(API_KEY_PREFIX);
  const [row] = await db
    .insert(apiKeys)
    .values({
      id: memberId('key'),
      name: input.name,
      prefix: key.slice(0, API_KEY_PREFIX.length + 6),
      keyHash: await sha256Hex(key),
      permissions: [...new Set(input.permissions)],
      createdBy: creator.staffId,
      rootTokenHash: creator.staffId === null ? await rootTokenFingerprint(creator.rootToken as string) : null,
      expiresAt: input.expiresAt ?? null,
    })
    .returning();
  return ok({ key, apiKey: toApiKeyView(row as ApiKeyRow) });
}

export const listApiKeys = async (db: Database) =>
  (await db.select().from(apiKeys).orderBy(desc(apiKeys.id))).map(toApiKeyView);

/** Revokes a key (idempotent: revoking again keeps the first revocation time). */
export async function revokeApiKey(db: Database, id: string): Promise<Result<ApiKeyView>> {
  await db
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)));
  const [row] = await db.select().from(apiKeys).where(eq(apiKeys.id, id));
  return row ? ok(toApiKeyView(row)) : err('api_key_not_found', `No API key ${id}`);
}

export interface ResolvedKey {
  id: string;
  name: string;
  staffId: string | null;
  permissions: Permission[];
}

export type KeyLapse = 'credential_revoked' | 'staff_disabled';
export type KeyGrant = { ok: true; permissions: Permission[] } | { ok: false; reason: KeyLapse };

/**
 * What a stored key grants now, or why it grants nothing: revoked or expired, its creator
 * disabled (`staff_disabled`), or (a root key) made with another ADMIN_TOKEN than the one whose
 * fingerprint is `rootFingerprint`, or with the root token disabled (null). The one rule for a
 * request (`resolveApiKey`) and for a credential held by a socket (credential-status.ts).
 */
export function keyGrant(
  key: ApiKeyRow,
  creator: { role: StaffRole; disabledAt: Date | null } | null,
  rootFingerprint: string | null,
  now: Date,
): KeyGrant {
  if (key.revokedAt || (key.expiresAt && key.expiresAt <= now)) return { ok: false, reason: 'credential_revoked' };
  let ceiling: readonly Permission[] = PERMISSIONS;
  if (key.createdBy !== null) {
    if (!creator || creator.disabledAt) return { ok: false, reason: 'staff_disabled' };
    ceiling = permissionsOf(creator.role);
  } else if (!rootFingerprint || key.rootTokenHash !== rootFingerprint) {
    return { ok: false, reason: 'credential_revoked' };
  }
  return {
    ok: true,
    permissions: key.permissions.filter((p): p is Permission => isPermission(p) && ceiling.includes(p)),
  };
}

/** The fingerprint of the configured root token, or null when it is disabled. */
export const rootFingerprintOf = (rootToken: string | null) =>
  rootToken ? rootTokenFingerprint(rootToken) : Promise.resolve(null);

/** The live key behind `key` with its effective permissions, or null (see `keyGrant`). */
export async function resolveApiKey(
  db: Database,
  key: string,
  rootToken: string | null,
  now = new Date(),
): Promise<ResolvedKey | null> {
  const [row] = await db
    .select({ key: apiKeys, creator: staff })
    .from(apiKeys)
    .leftJoin(staff, eq(staff.id, apiKeys.createdBy))
    .where(and(eq(apiKeys.keyHash, await sha256Hex(key)), isNull(apiKeys.revokedAt)));
  if (!row) return null;
  const grant = keyGrant(row.key, row.creator, await rootFingerprintOf(rootToken), now);
  return grant.ok
    ? { id: row.key.id, name: row.key.name, staffId: row.key.createdBy, permissions: grant.permissions }
    : null;
}
