/**
 * Staff login: email + password → a session token. Checked like every staff password
 * (`checkStaffPassword`): an attempt limit per client address, a lock per email and address,
 * and the hashing gate (login-throttle.ts, platform/client-address.ts).
 */

import { attemptLimit } from '../platform/attempt-limit';
import type { OriginContext } from '../platform/context';
import { checkLogin, type LoginAttempt, loginThrottle } from '../platform/credentials/login-throttle';
import { normaliseEmail } from '../platform/email-address';
import { ok, type Result } from '../platform/result';
import { createSession } from './sessions';
import { findStaffByEmail, type StaffRow, type StaffView, toStaffView } from './staff';

export interface LoginResult {
  token: string;
  expiresAt: string;
  staff: StaffView;
}

/** A staff member's password checked against `find()`'s account, throttled as a login is. */
export function checkStaffPassword(
  ctx: OriginContext,
  attempt: LoginAttempt,
  password: string,
  find: () => Promise<StaffRow | null>,
): Promise<Result<StaffRow>> {
  const rule = ctx.config.staff.loginAddressLimit;
  return checkLogin(loginThrottle(ctx.cache), attempt, password, {
    find,
    passwords: ctx.passwords,
    iterations: ctx.config.staff.passwordIterations,
    addressLimit: rule && attemptLimit(ctx.cache, 'staff-login-address', rule),
    usable: (member) => !member.disabledAt,
    refusal: 'Wrong email or password, or the account is disabled',
  });
}

/** A new session for the member behind `email` and `password`, asked from client address `from`. */
export async function login(
  ctx: OriginContext,
  email: string,
  password: string,
  from: string,
): Promise<Result<LoginResult>> {
  const address = normaliseEmail(email);
  const checked = await checkStaffPassword(ctx, { email: address, from }, password, () =>
    findStaffByEmail(ctx.db, address),
  );
  if (!checked.ok) return checked;
  const session = await createSession(ctx.db, checked.value.id, ctx.config.staff.sessionTtlSeconds);
  return ok({ token: session.token, expiresAt: session.expiresAt.toISOString(), staff: toStaffView(checked.value) });
}
