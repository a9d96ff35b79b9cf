/**
 * Customer sessions in the cache port (Redis through Upstash in production, shared by every
 * origin instance; memory locally). A session is `cust-session:<sid>` holding the SHA-256 of its
 * current refresh secret (and the previous one, to catch a replayed token), expiring after
 * `refreshSessionTtlSeconds` without a refresh. Access tokens name the session (`sid`), so
 * ending the session ends them at the origin at once and at the edge when they expire.
 *
 * Ending a session deletes it AND leaves a tombstone (`cust-session-ended:<sid>`) for the
 * session's lifetime: a refresh that read the record just before the logout and writes the
 * rotated record just after cannot bring it back. Ending every session of a customer
 * (password change or reset) moves the customer's `sessions_valid_after` forward in the
 * database; every check reads it from the customer row it loads anyway, so there is no cached
 * copy that could lag behind.
 */

import { signAccessToken, verifyAccessToken } from '../../contract/access-token';
import type { AuthSession, Customer } from '../../contract/customers';
import type { OriginContext } from '../platform/context';
import { newSecret, sha256Hex } from '../platform/credentials/tokens';
import { type CustomerRow, findCustomer, toCustomer } from './customers';

interface SessionRecord {
  customerId: string;
  secretHash: string;
  /** The secret this one replaced: presenting it again means the token was copied. */
  previousHash: string | null;
  /** Epoch ms; sessions older than the customer's `sessions_valid_after` are dead. */
  createdAt: number;
  /** Epoch ms of the last rotation (null before the first refresh). */
  rotatedAt?: number | null;
}

/**
 * The previous refresh token shown again this soon after it was rotated is a client's own
 * concurrent refresh (two tabs), refused without ending the session; later it is a replay.
 */
export const REFRESH_REUSE_GRACE_MS = 5_000;

const sessionKey = (sid: string) => `cust-session:${sid}`;
const endedKey = (sid: string) => `cust-session-ended:${sid}`;
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

/**
 * The session and its customer while both are alive: the record exists, was not ended (no
 * tombstone), and is not older than the customer's `sessions_valid_after`.
 */
async function liveSession(
  ctx: OriginContext,
  sid: string,
): Promise<{ record: SessionRecord; customer: CustomerRow } | null> {
  const [record, ended] = await Promise.all([
    ctx.cache.get<SessionRecord>(sessionKey(sid)),
    ctx.cache.get<number>(endedKey(sid)),
  ]);
  if (!record || ended !== null) return null;
  const customer = await findCustomer(ctx.db, record.customerId);
  if (!customer || record.createdAt < customer.sessionsValidAfter.getTime()) return null;
  return { record, customer };
}

/**
 * Trades a refresh token for a new pair (the old refresh token is spent). A spent token shown
 * again ends the session (one of the two holders is not the customer), unless within
 * REFRESH_REUSE_GRACE_MS of its rotation: that is the client's own concurrent refresh. Of
 * concurrent refreshes with the same token exactly one succeeds (an atomic counter decides).
 */
export async function refreshSession(ctx: OriginContext, refreshToken: string): Promise<AuthSession | null> {
  const parsed = parseRefreshToken(refreshToken);
  if (!parsed) return null;
  const live = await liveSession(ctx, parsed.sid);
  if (!live) return null;
  const presented = await sha256Hex(parsed.secret);
  if (presented !== live.record.secretHash) {
    const concurrent = Date.now() - (live.record.rotatedAt ?? 0) < REFRESH_REUSE_GRACE_MS;
    if (presented === live.record.previousHash && !concurrent) {
      await endSession(ctx, parsed.sid);
      ctx.log.warn('refresh token replayed; session ended', { customerId: live.record.customerId, sid: parsed.sid });
    }
    return null;
  }
  // Spend the secret atomically: of concurrent refreshes with one token, only the first goes on.
  const spentKey = `cust-refresh-spent:${presented}`;
  if ((await ctx.cache.incr(spentKey, ctx.config.customers.refreshSessionTtlSeconds)) !== 1) return null;
  const secret = newSecret('');
  const next: SessionRecord = {
    ...live.record,
    secretHash: await sha256Hex(secret),
    previousHash: presented,
    rotatedAt: Date.now(),
  };
  await ctx.cache.set(sessionKey(parsed.sid), next, ctx.config.customers.refreshSessionTtlSeconds);
  return answer(ctx, toCustomer(live.customer), parsed.sid, secret);
}

/** Ends a session for good: a tombstone first (see the file comment), then the record. */
export async function endSession(ctx: OriginContext, sid: string): Promise<void> {
  await ctx.cache.set(endedKey(sid), Date.now(), ctx.config.customers.refreshSessionTtlSeconds);
  await ctx.cache.del(sessionKey(sid));
}

/**
 * Logout: ends the session named by an access token (also an expired one: a shopper idle for
 * longer than its lifetime still logs out) or by a refresh token whose secret matches.
 */
export async function logout(
  ctx: OriginContext,
  by: { accessToken?: string | null; refreshToken?: string },
): Promise<void> {
  if (by.accessToken) {
    const claims = await verifyAccessToken(ctx.config.customers.authKeys, by.accessToken, Date.now(), {
      allowExpired: true,
    });
    if (claims) await endSession(ctx, claims.sid);
  }
  const parsed = by.refreshToken ? parseRefreshToken(by.refreshToken) : null;
  if (parsed) {
    const record = await ctx.cache.get<SessionRecord>(sessionKey(parsed.sid));
    const presented = await sha256Hex(parsed.secret);
    if (record && (presented === record.secretHash || presented === record.previousHash)) {
      await endSession(ctx, parsed.sid);
    }
  }
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
  const live = await liveSession(ctx, claims.sid);
  if (!live || live.record.customerId !== claims.sub) return null;
  return { customer: live.customer, sid: claims.sid };
}
