/** Staff login sessions: opaque bearer tokens, stored by their SHA-256 (schema in db/schema/members.ts). */
import { and, eq, gt, isNull, lte } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { staff, staffSessions } from '../../db/schema/members';
import { newSecret, SESSION_PREFIX, sha256Hex } from '../platform/credentials/tokens';
import type { StaffRow } from './staff';

export async function createSession(db: Database, staffId: string, ttlSeconds: number, now = new Date()) {
  const token = newSecret(SESSION_PREFIX);
  const expiresAt = new Date(now.getTime() + ttlSeconds * 1000);
  // Expired rows of this member go on each login, so the table does not grow without bound.
  await db.delete(staffSessions).where(and(eq(staffSessions.staffId, staffId), lte(staffSessions.expiresAt, now)));
  await db.insert(staffSessions).values({ tokenHash: await sha256Hex(token), staffId, expiresAt });
  return { token, expiresAt };
}

/** The active staff member behind a session token, or null (unknown, expired, or disabled). */
export async function resolveSession(db: Database, token: string, now = new Date()): Promise<StaffRow | null> {
  const [row] = await db
    .select({ member: staff })
    .from(staffSessions)
    .innerJoin(staff, eq(staff.id, staffSessions.staffId))
    .where(
      and(
        eq(staffSessions.tokenHash, await sha256Hex(token)),
        gt(staffSessions.expiresAt, now),
        isNull(staff.disabledAt),
      ),
    );
  return row?.member ?? null;
}

export async function deleteSession(db: Database, token: string): Promise<void> {
  await db.delete(staffSessions).where(eq(staffSessions.tokenHash, await sha256Hex(token)));
}
