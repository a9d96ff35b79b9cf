/** Staff login: email + password → a session token, throttled per email (login-throttle.ts). */
import type { OriginContext } from '../context';
import { ok, type Result } from '../platform/result';
import { checkLogin, loginThrottle } from './login-throttle';
import { createSession } from './sessions';
import { findStaffByEmail, normaliseEmail, type StaffView, toStaffView } from './staff';

export interface LoginResult {
  token: string;
  expiresAt: string;
  staff: StaffView;
}

export async function login(ctx: OriginContext, email: string, password: string): Promise<Result<LoginResult>> {
  const address = normaliseEmail(email);
  const checked = await checkLogin(loginThrottle(ctx.cache), address, password, {
    find: () => findStaffByEmail(ctx.db, address),
    passwords: ctx.passwords,
    iterations: ctx.config.staff.passwordIterations,
    usable: (member) => !member.disabledAt,
    refusal: 'Wrong email or password, or the account is disabled',
  });
  if (!checked.ok) return checked;
  const session = await createSession(ctx.db, checked.value.id, ctx.config.staff.sessionTtlSeconds);
  return ok({ token: session.token, expiresAt: session.expiresAt.toISOString(), staff: toStaffView(checked.value) });
}
