/** Staff accounts: create, list, change role or name, disable. Emails are kept lower-cased. */
import { and, asc, eq, isNull, ne } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { staff, staffSessions } from '../../db/schema/members';
import { uniqueViolation } from '../platform/db-errors';
import { normaliseEmail } from '../platform/email-address';
import { err, ok, type Result } from '../platform/result';
import { memberId } from './ids';
import { permissionsOf, type StaffRole } from './permissions';

export type StaffRow = typeof staff.$inferSelect;

export interface StaffView {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  permissions: string[];
  disabled: boolean;
  createdAt: string;
}

export function toStaffView(row: StaffRow): StaffView {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    permissions: permissionsOf(row.role),
    disabled: row.disabledAt !== null,
    createdAt: row.createdAt.toISOString(),
  };
}

export interface NewStaff {
  email: string;
  password: string;
  role: StaffRole;
  name?: string;
}

/** `hash` turns the password into its stored form (the request's gated hasher, or a script's own). */
export async function createStaff(
  db: Database,
  input: NewStaff,
  hash: (password: string) => Promise<string>,
): Promise<Result<StaffRow>> {
  const passwordHash = await hash(input.password);
  try {
    const [row] = await db
      .insert(staff)
      .values({
        id: memberId('stf'),
        email: normaliseEmail(input.email),
        name: input.name ?? '',
        role: input.role,
        passwordHash,
      })
      .returning();
    return ok(row as StaffRow);
  } catch (e) {
    if (uniqueViolation(e) !== null) return err('email_taken', `Staff ${normaliseEmail(input.email)} already exists`);
    throw e;
  }
}

export const listStaff = (db: Database) => db.select().from(staff).orderBy(asc(staff.id));

export async function findStaffByEmail(db: Database, email: string): Promise<StaffRow | null> {
  const [row] = await db
    .select()
    .from(staff)
    .where(eq(staff.email, normaliseEmail(email)));
  return row ?? null;
}

export async function findStaff(db: Database, id: string): Promise<StaffRow | null> {
  const [row] = await db.select().from(staff).where(eq(staff.id, id));
  return row ?? null;
}

/** Active owners other than `exceptId`: the shop must keep one, or nobody could manage staff. */
async function otherActiveOwners(db: Database, exceptId: string): Promise<number> {
  const rows = await db
    .select({ id: staff.id })
    .from(staff)
    .where(and(eq(staff.role, 'owner'), isNull(staff.disabledAt), ne(staff.id, exceptId)));
  return rows.length;
}

export interface StaffChange {
  name?: string;
  role?: StaffRole;
  disabled?: boolean;
}

/** Changes take effect on the next request: sessions and keys read the current role and status. */
export async function updateStaff(db: Database, id: string, change: StaffChange): Promise<Result<StaffRow>> {
  const current = await findStaff(db, id);
  if (!current) return err('staff_not_found', `No staff ${id}`);
  const losesOwner =
    current.role === 'owner' &&
    current.disabledAt === null &&
    ((change.role !== undefined && change.role !== 'owner') || change.disabled === true);
  if (losesOwner && (await otherActiveOwners(db, id)) === 0) {
    return err('last_owner', 'The last active owner cannot be demoted or disabled');
  }
  const disabledAt =
    change.disabled === undefined ? current.disabledAt : change.disabled ? (current.disabledAt ?? new Date()) : null;
  const [row] = await db
    .update(staff)
    .set({
      name: change.name ?? current.name,
      role: change.role ?? current.role,
      disabledAt,
      updatedAt: new Date(),
    })
    .where(eq(staff.id, id))
    .returning();
  // A disabled account's sessions go now, not when they expire.
  if (disabledAt) await db.delete(staffSessions).where(eq(staffSessions.staffId, id));
  return ok(row as StaffRow);
}

/** Stores a new password hash and ends every session of the member, in one transaction. */
export async function setStaffPassword(db: Database, staffId: string, passwordHash: string): Promise<StaffRow | null> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(staff)
      .set({ passwordHash, updatedAt: new Date() })
      .where(eq(staff.id, staffId))
      .returning();
    await tx.delete(staffSessions).where(eq(staffSessions.staffId, staffId));
    return row ?? null;
  });
}

export async function activeOwnerExists(db: Database): Promise<boolean> {
  const rows = await db
    .select({ id: staff.id })
    .from(staff)
    .where(and(eq(staff.role, 'owner'), isNull(staff.disabledAt)))
    .limit(1);
  return rows.length > 0;
}
