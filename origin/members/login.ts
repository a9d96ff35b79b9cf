/** Staff login: email + password → a session token, throttled per email (login-throttle.ts). */
import type { OriginContext } from '../context';
import { err, ok, type Result } from '../platform/result';
import { loginThrottle } from './login-throttle';
import { hashPassword, verifyPassword } from './password';
import { createSession } from './sessions';
import { findStaffByEmail, normaliseEmail, type StaffView, toStaffView } from './staff';

export interface LoginResult {
  token: string;
  expiresAt: string;
  staff: StaffView;
}

/** Hashed once per process: unknown emails take as long as known ones, so they cannot be told apart. */
let decoy: Promise<string> | null = null;

export async function login(ctx: OriginContext, email: string, password: string): Promise<Result<LoginResult>> {
  const address = normaliseEmail(email);
  const throttle = loginThrottle(ctx.cache);
  const wait = await throttle.retryAfter(address);
  if (wait > 0) {
    return err('too_many_attempts', `Too many failed logins for this email; try again in ${wait} s`, {
      retryAfter: wait,
    });
  }
  const member = await findStaffByEmail(ctx.db, address);
  decoy ??= hashPassword('decoy password', ctx.config.staff.passwordIterations);
  const valid = await verifyPassword(password, member?.passwordHash ?? (await decoy));
  if (!member || !valid || member.disabledAt) {
    await throttle.failed(address);
    return err('invalid_credentials', 'Wrong email or password, or the account is disabled');
  }
  await throttle.succeeded(address);
  const session = await createSession(ctx.db, member.id, ctx.config.staff.sessionTtlSeconds);
  return ok({ token: session.token, expiresAt: session.expiresAt.toISOString(), staff: toStaffView(member) });
}
