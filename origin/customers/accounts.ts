/**
 * Customer account workflows: register, log in, change and reset the password, verify the
 * email, claim guest orders, list the customer's orders. Each returns a Result whose error
 * codes are the contract's (contract.ts).
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { AuthSession, ClaimResult, Customer, OrderPage, RegisterBody } from '../../contract/customers';
import type { Database } from '../../db/client';
import { customers, customerTokens } from '../../db/schema/customers';
import { ordersService } from '../orders';
import type { OriginContext, Tx } from '../platform/context';
import { checkLogin, loginThrottle } from '../platform/credentials/login-throttle';
import { err, ok, type Result } from '../platform/result';
import { serviceClient } from '../platform/rpc';
import {
  type CustomerRow,
  findCustomer,
  findCustomerByEmail,
  insertCustomer,
  normaliseEmail,
  toCustomer,
} from './customers';
import { consumeToken, issueToken } from './one-time-tokens';
import { startSession } from './sessions';

const throttleOf = (ctx: OriginContext) => loginThrottle(ctx.cache, Date.now, 'customer-login');

/** Mail failures never fail the request (the shopper can ask again); they are logged. */
async function mail(ctx: OriginContext, to: string, subject: string, text: string): Promise<void> {
  try {
    await ctx.email.send({ to, subject, text });
  } catch (e) {
    ctx.log.error('email not sent', { to, subject, error: e instanceof Error ? e.message : String(e) });
  }
}

async function sendVerification(ctx: OriginContext, customer: CustomerRow): Promise<void> {
  const { emailVerificationTtlSeconds: ttl, publicStoreUrl } = ctx.config.customers;
  const token = await issueToken(ctx.db, customer.id, 'verify_email', ttl);
  await mail(
    ctx,
    customer.email,
    'Confirm your email address',
    `Hello${customer.name ? ` ${customer.name}` : ''},\n\nconfirm this address for your account (sign in first):\n\n` +
      `${publicStoreUrl}/account/verify?token=${token}\n\nThe link works once, for ${Math.round(ttl / 3600)} hours. ` +
      'If you did not create an account, ignore this email: nobody can use it without signing in.',
  );
}

export async function register(ctx: OriginContext, input: RegisterBody): Promise<Result<AuthSession>> {
  const passwordHash = await ctx.passwords.hash(input.password, ctx.config.customers.passwordIterations);
  const created = await insertCustomer(ctx.db, { email: input.email, name: input.name, passwordHash });
  if (!created.ok) return created;
  await sendVerification(ctx, created.value);
  return ok(await startSession(ctx, created.value));
}

/** `from` is the shopper's address as the edge forwards it (platform/client-address.ts). */
export async function login(
  ctx: OriginContext,
  email: string,
  password: string,
  from: string,
): Promise<Result<AuthSession>> {
  const address = normaliseEmail(email);
  const checked = await checkLogin(throttleOf(ctx), { email: address, from }, password, {
    find: () => findCustomerByEmail(ctx.db, address),
    passwords: ctx.passwords,
    iterations: ctx.config.customers.passwordIterations,
    refusal: 'Wrong email or password',
  });
  return checked.ok ? ok(await startSession(ctx, checked.value)) : checked;
}

/**
 * Sets a new password (hashed by the caller, outside any transaction: PBKDF2 is slow) and ends
 * every session by moving `sessions_valid_after`; every reset link still unused dies with the
 * old password. `verified` also marks the email verified. Returns the moment, in epoch ms.
 */
async function setPassword(db: Database | Tx, customerId: string, passwordHash: string, verified: boolean) {
  const now = new Date();
  await db
    .update(customers)
    .set({ passwordHash, sessionsValidAfter: now, updatedAt: now, ...(verified ? { emailVerifiedAt: now } : {}) })
    .where(eq(customers.id, customerId));
  await db
    .update(customerTokens)
    .set({ usedAt: now })
    .where(
      and(
        eq(customerTokens.customerId, customerId),
        eq(customerTokens.purpose, 'reset_password'),
        isNull(customerTokens.usedAt),
      ),
    );
  return now.getTime();
}

/** Needs the current password; every session ends, and a fresh one is returned to the caller. */
export async function changePassword(
  ctx: OriginContext,
  customer: CustomerRow,
  currentPassword: string,
  newPassword: string,
): Promise<Result<AuthSession>> {
  if (!(await ctx.passwords.verify(currentPassword, customer.passwordHash))) {
    return err('invalid_credentials', 'The current password is wrong');
  }
  const passwordHash = await ctx.passwords.hash(newPassword, ctx.config.customers.passwordIterations);
  const at = await ctx.transaction((tx) => setPassword(tx, customer.id, passwordHash, false));
  const updated = (await findCustomer(ctx.db, customer.id)) as CustomerRow;
  return ok(await startSession(ctx, updated, at));
}

/** Mails a reset link when the email has an account; the answer never tells whether it does. */
export async function requestPasswordReset(ctx: OriginContext, email: string): Promise<void> {
  const customer = await findCustomerByEmail(ctx.db, email);
  if (!customer) return;
  const { passwordResetTtlSeconds: ttl, publicStoreUrl } = ctx.config.customers;
  const token = await issueToken(ctx.db, customer.id, 'reset_password', ttl);
  await mail(
    ctx,
    customer.email,
    'Reset your password',
    `Someone (hopefully you) asked to reset the password of your account. Choose a new one here:\n\n` +
      `${publicStoreUrl}/account/reset?token=${token}\n\n` +
      `The link works once, for ${Math.round(ttl / 60)} minutes. If it was not you, ignore this email.`,
  );
}

/**
 * Spends a reset token: the new password, the email counts as verified (the link proved the
 * mailbox), every session ends. Token and password change commit together.
 */
export async function confirmPasswordReset(ctx: OriginContext, token: string, password: string): Promise<Result<null>> {
  const passwordHash = await ctx.passwords.hash(password, ctx.config.customers.passwordIterations);
  const done = await ctx.transaction(async (tx) => {
    const customerId = await consumeToken(tx, token, 'reset_password');
    if (!customerId) return false;
    await setPassword(tx, customerId, passwordHash, true);
    return true;
  });
  return done ? ok(null) : err('invalid_token', 'This link is invalid, used or expired; ask for a new one');
}

/**
 * Confirms the email with a mailed token, for the signed-in customer it was mailed to. Being
 * signed in matters: without it, someone who registered another person's address first could
 * have that person's click verify it, and then claim their guest orders.
 */
export async function verifyEmail(ctx: OriginContext, customer: CustomerRow, token: string): Promise<Result<Customer>> {
  const now = new Date();
  const row = await ctx.transaction(async (tx) => {
    const customerId = await consumeToken(tx, token, 'verify_email', now, customer.id);
    if (!customerId) return null;
    const [updated] = await tx
      .update(customers)
      .set({ emailVerifiedAt: now, updatedAt: now })
      .where(eq(customers.id, customerId))
      .returning();
    return updated ?? null;
  });
  return row
    ? ok(toCustomer(row))
    : err('invalid_token', 'This link is invalid, used, expired or not for this account');
}

export async function resendVerification(ctx: OriginContext, customer: CustomerRow): Promise<void> {
  if (!customer.emailVerifiedAt) await sendVerification(ctx, customer);
}

/**
 * Makes the guest orders placed with the customer's email theirs. Only with a verified email:
 * anyone can type an address at checkout, only its owner can read the mail. Idempotent.
 */
export async function claimGuestOrders(ctx: OriginContext, customer: CustomerRow): Promise<Result<ClaimResult>> {
  if (!customer.emailVerifiedAt) {
    return err('email_not_verified', 'Confirm your email address first (see the link we mailed you)');
  }
  const claimed = await serviceClient(ctx, ordersService).claimByEmail({
    customerId: customer.id,
    email: customer.email,
  });
  return ok({ claimed });
}

/** The customer's orders, newest first; `afterId` is the last id of the previous page. */
export async function listCustomerOrders(
  ctx: OriginContext,
  customerId: string,
  afterId: string | undefined,
  limit: number,
): Promise<OrderPage> {
  const page = await serviceClient(ctx, ordersService).ofCustomer({ customerId, afterId, limit });
  return { items: page.items, nextCursor: page.lastId };
}
