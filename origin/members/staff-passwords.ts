/**
 * Staff passwords after the first: a member changes their own (the current one required, and
 * checked like a login: per-address limit, lock per email and address), an owner resets
 * another's. Either way every session of that member ends at once — whoever knew the old
 * password may hold one — and the changer gets a fresh session of their own.
 */
import type { OriginContext } from '../platform/context';
import { err, ok, type Result } from '../platform/result';
import { checkStaffPassword, type LoginResult } from './login';
import { createSession } from './sessions';
import { findStaff, type StaffView, setStaffPassword, toStaffView } from './staff';

/**
 * The signed-in member's own change, from client address `from`: the current password first
 * (a stolen session alone cannot take the account over), then all their sessions end and a
 * new one is returned.
 */
export async function changeOwnPassword(
  ctx: OriginContext,
  member: { id: string; email: string },
  change: { currentPassword: string; newPassword: string },
  from: string,
): Promise<Result<LoginResult>> {
  const checked = await checkStaffPassword(ctx, { email: member.email, from }, change.currentPassword, () =>
    findStaff(ctx.db, member.id),
  );
  if (!checked.ok) {
    return checked.code === 'invalid_credentials'
      ? err('invalid_credentials', 'The current password is wrong')
      : checked;
  }
  const hash = await ctx.passwords.hash(change.newPassword, ctx.config.staff.passwordIterations);
  const updated = await setStaffPassword(ctx.db, member.id, hash);
  if (!updated) return err('staff_not_found', `No staff ${member.id}`);
  const session = await createSession(ctx.db, member.id, ctx.config.staff.sessionTtlSeconds);
  return ok({ token: session.token, expiresAt: session.expiresAt.toISOString(), staff: toStaffView(updated) });
}

/**
 * Another member's new password, set by someone with `staff:admin` (`actorStaffId`: the caller's
 * own staff id, null for the root token). One's own password goes through `changeOwnPassword`,
 * which asks for the current one.
 */
export async function resetStaffPassword(
  ctx: OriginContext,
  actorStaffId: string | null,
  staffId: string,
  password: string,
): Promise<Result<StaffView>> {
  if (actorStaffId === staffId) {
    return err('own_password', 'Change your own password at POST /admin/me/password (it needs the current one)');
  }
  if (!(await findStaff(ctx.db, staffId))) return err('staff_not_found', `No staff ${staffId}`);
  const hash = await ctx.passwords.hash(password, ctx.config.staff.passwordIterations);
  const updated = await setStaffPassword(ctx.db, staffId, hash);
  return updated ? ok(toStaffView(updated)) : err('staff_not_found', `No staff ${staffId}`);
}
