/**
 * Customer sessions in the cache port (Redis through Upstash in production, shared by every
 * origin instance; memory locally). A session is `cust-session:<sid>` holding the SHA-256 of its
 * current refresh secret (and the previous one, to catch a replayed token), expiring after
 * `refreshSessionTtlSeconds` without a refresh. Access tokens name the session (`sid`), so
 * ending the session ends them at the origin at once and at the edge when they expire.
 *
 * Revoking every session of a customer (password change or reset) moves the customer's
 * `sessions_valid_after` forward; sessions created before it are dead. The moment is cached
 * (`cust-valid-after:<id>`), the database holding the truth.
 */
import { eq } from 'drizzle-orm';
import { customers } from '../../db/schema/customers';
import type { OriginContext } from '../context';
import { newSecret, sha256Hex } from '../members/tokens';
import { signAccessToken, verifyAccessToken } from './access-token';
import type { AuthSession, Customer } from './contract';
import { type CustomerRow, findCustomer, toCustomer } from './customers';

interface SessionRecord {
  customerId: string;
  secretHash: string;
  /** The secret this one replaced: presenting it again means the token was copied. */
  previousHash: string | null;
  /** Epoch ms; sessions older than the customer's valid-after moment are dead. */
  createdAt: number;
}

const sessionKey = (sid: string) => `cust-session:${sid}`;
const validAfterKey = (customerId: string) => `cust-valid-after:${customerId}`;
const REFRESH_PREFIX = 'rt_';

function parseRefreshToken(token: string): { sid: string; secret: string } | null {
  if (!token.startsWith(REFRESH_PREFIX)) return null;
  const rest = token.slice(REFRESH_PREFIX.length);
  const dot = rest.lastIndexOf('.');
  const sid = rest.slice(0, dot);
  const secret = rest.slice(dot + 1);
  return dot > 0 && /^ses_[A-Za-z0-9_-]{16,64}$/.test(sid) && /^[A-Za-z0-9_-]{16,128}$/.test(secret)
    ? { sid, secret }
    : null;
}

async function validAfter(ctx: OriginContext, customerId: string): Promise<number> {
  const cached = await ctx.cache.get<number>(validAfterKey(customerId)).catch(() => null);
  if (typeof cached === 'number') return cached;
  const [row] = await ctx.db
    .select({ at: customers.sessionsValidAfter })
    .from(customers)
    .where(eq(customers.id, customerId));
  const at = row?.at.getTime() ?? Number.POSITIVE_INFINITY;
  if (Number.isFinite(at)) await cacheValidAfter(ctx, customerId, at);
  return at;
}

async function cacheValidAfter(ctx: OriginContext, customerId: string, at: number): Promise<void> {
  await ctx.cache.set(validAfterKey(customerId), at, ctx.config.customers.refreshSessionTtlSeconds).catch(() => {});
}

async function accessTokenFor(ctx: OriginContext, customerId: string, sid: string): Promise<string> {
  const iat = Math.floor(Date.now() / 1000);
  return signAccessToken(ctx.config.customers.authKeys, {
    iss: 'edgeshop',
    aud: 'shopper',
    sub: customerId,
    sid,
    iat,
    exp: iat + ctx.config.customers.accessTokenTtlSeconds,
  });
}

async function answer(ctx: OriginContext, customer: Customer, sid: string, secret: string): Promise<AuthSession> {
  const ttl = ctx.config.customers.refreshSessionTtlSeconds;
  return {
    customer,
    accessToken: await accessTokenFor(ctx, customer.id, sid),
    expiresIn: ctx.config.customers.accessTokenTtlSeconds,
    refreshToken: `${REFRESH_PREFIX}${sid}.${secret}`,
    refreshExpiresAt: new Date(Date.now() + ttl * 1000).toISOString(),
  };
}

/** A new session for `customer`: its access and refresh tokens. */
export async function startSession(ctx: OriginContext, customer: CustomerRow, now = Date.now()): Promise<AuthSession> {
  const sid = newSecret('ses_');
  const secret = newSecret('');
  const record: SessionRecord = {
    customerId: customer.id,
    secretHash: await sha256Hex(secret),
    previousHash: null,
    createdAt: now,
  };
  await ctx.cache.set(sessionKey(sid), record, ctx.config.customers.refreshSessionTtlSeconds);
  return answer(ctx, toCustomer(customer), sid, secret);
}

async function liveSession(ctx: OriginContext, sid: string): Promise<SessionRecord | null> {
  const record = await ctx.cache.get<SessionRecord>(sessionKey(sid));
  if (!record) return null;
  return record.createdAt >= (await validAfter(ctx, record.customerId)) ? record : null;
}

/**
 * Trades a refresh token for a new pair (the old refresh token is spent). A spent token shown
 * again ends the session: one of the two holders is not the customer. Of concurrent refreshes
 * with the same token exactly one succeeds (an atomic counter in the cache decides).
 */
export async function refreshSession(ctx: OriginContext, refreshToken: string): Promise<AuthSession | null> {
  const parsed = parseRefreshToken(refreshToken);
  if (!parsed) return null;
  const record = await liveSession(ctx, parsed.sid);
  if (!record) return null;
  const presented = await sha256Hex(parsed.secret);
  if (presented !== record.secretHash) {
    if (presented === record.previousHash) {
      await ctx.cache.del(sessionKey(parsed.sid));
      ctx.log.warn('refresh token replayed; session ended', { customerId: record.customerId, sid: parsed.sid });
    }
    return null;
  }
  // Spend the secret atomically: of concurrent refreshes with one token, only the first goes on.
  const spentKey = `cust-refresh-spent:${presented}`;
  if ((await ctx.cache.incr(spentKey)) !== 1) return null;
  await ctx.cache.set(spentKey, 1, ctx.config.customers.refreshSessionTtlSeconds).catch(() => {});
  const customer = await findCustomer(ctx.db, record.customerId);
  if (!customer) return null;
  const secret = newSecret('');
  const next: SessionRecord = { ...record, secretHash: await sha256Hex(secret), previousHash: record.secretHash };
  await ctx.cache.set(sessionKey(parsed.sid), next, ctx.config.customers.refreshSessionTtlSeconds);
  return answer(ctx, toCustomer(customer), parsed.sid, secret);
}

/** Ends one session, named by an access token's `sid` or by a refresh token. */
export async function endSession(ctx: OriginContext, by: { sid?: string; refreshToken?: string }): Promise<void> {
  const sid = by.sid ?? (by.refreshToken ? parseRefreshToken(by.refreshToken)?.sid : undefined);
  if (sid) await ctx.cache.del(sessionKey(sid));
}

/** Ends every session of the customer from `at` back (call after the database moved `sessions_valid_after`). */
export async function endAllSessions(ctx: OriginContext, customerId: string, at: number): Promise<void> {
  await cacheValidAfter(ctx, customerId, at);
}

/**
 * The customer behind an access token, when it verifies (signature, key, expiry) and its
 * session is still alive; null otherwise. This is what makes revocation immediate at the origin.
 */
export async function authenticateCustomer(
  ctx: OriginContext,
  token: string | undefined | null,
): Promise<{ customer: CustomerRow; sid: string } | null> {
  if (!token) return null;
  const claims = await verifyAccessToken(ctx.config.customers.authKeys, token);
  if (!claims) return null;
  const record = await liveSession(ctx, claims.sid);
  if (!record || record.customerId !== claims.sub) return null;
  const customer = await findCustomer(ctx.db, claims.sub);
  return customer ? { customer, sid: claims.sid } : null;
}
