/**
 * The first owner of a shop, for `npm run admin:create-owner` (scripts/admin-create-owner.ts):
 * refused when an active owner exists, unless forced. Forced with an existing email, it makes
 * that account an enabled owner with the new password: the operator's way back in when the
 * only owner lost their password.
 */
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { staff, staffSessions } from '../../db/schema/members';
import { hashPassword } from '../platform/credentials/password';
import { err, ok, type Result } from '../platform/result';
import { activeOwnerExists, createStaff, findStaffByEmail, type StaffView, toStaffView } from './staff';

export interface OwnerInput {
  email: string;
  password: string;
  name?: string;
  force?: boolean;
  iterations: number;
}

export const MIN_PASSWORD_LENGTH = 12;

export async function createOwner(
  db: Database,
  input: OwnerInput,
): Promise<Result<{ staff: StaffView; action: 'created' | 'reset' }>> {
  if (input.password.length < MIN_PASSWORD_LENGTH || input.password.length > 256) {
    return err('weak_password', `The password needs ${MIN_PASSWORD_LENGTH} to 256 characters`);
  }
  if (!input.force && (await activeOwnerExists(db))) {
    return err('owner_exists', 'An owner already exists (use --force to add or reset one)');
  }
  const existing = await findStaffByEmail(db, input.email);
  if (!existing) {
    const created = await createStaff(db, { ...input, role: 'owner' }, (password) =>
      hashPassword(password, input.iterations),
    );
    return created.ok ? ok({ staff: toStaffView(created.value), action: 'created' }) : created;
  }
  if (!input.force) return err('email_taken', `${existing.email} exists already (use --force to make it the owner)`);
  const [row] = await db
    .update(staff)
    .set({
      role: 'owner',
      disabledAt: null,
      passwordHash: await hashPassword(input.password, input.iterations),
      name: input.name ?? existing.name,
      updatedAt: new Date(),
    })
    .where(eq(staff.id, existing.id))
    .returning();
  // Whoever held the old password's sessions loses them with it.
  await db.delete(staffSessions).where(eq(staffSessions.staffId, existing.id));
  return ok({ staff: toStaffView(row as typeof staff.$inferSelect), action: 'reset' });
}
