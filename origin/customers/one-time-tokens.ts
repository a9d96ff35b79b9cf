/**
 * One-time tokens mailed to customers (email verification, password reset): 256 random bits,
 * stored by SHA-256, single use (a conditional UPDATE, so two concurrent uses yield one
 * success), expiring.
 */
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { type CustomerTokenPurpose, customerTokens } from '../../db/schema/customers';
import type { Tx } from '../platform/context';
import { newSecret, sha256Hex } from '../platform/credentials/tokens';

const PREFIX: Record<CustomerTokenPurpose, string> = { verify_email: 'ev_', reset_password: 'pr_' };

export async function issueToken(
  db: Database | Tx,
  customerId: string,
  purpose: CustomerTokenPurpose,
  ttlSeconds: number,
  now = new Date(),
): Promise<string> {
  const token = newSecret(PREFIX[purpose]);
  await db.insert(customerTokens).values({
    tokenHash: await sha256Hex(token),
    customerId,
    purpose,
    expiresAt: new Date(now.getTime() + ttlSeconds * 1000),
  });
  return token;
}

/**
 * Spends the token: its customer id, or null when unknown, of another purpose, used, expired,
 * or (with `customerId`) mailed to someone else, which then stays unspent.
 */
export async function consumeToken(
  db: Database | Tx,
  token: string,
  purpose: CustomerTokenPurpose,
  now = new Date(),
  customerId?: string,
): Promise<string | null> {
  if (!token.startsWith(PREFIX[purpose]) || token.length > 200) return null;
  const [row] = await db
    .update(customerTokens)
    .set({ usedAt: now })
    .where(
      and(
        eq(customerTokens.tokenHash, await sha256Hex(token)),
        eq(customerTokens.purpose, purpose),
        isNull(customerTokens.usedAt),
        gt(customerTokens.expiresAt, now),
        customerId ? eq(customerTokens.customerId, customerId) : undefined,
      ),
    )
    .returning({ customerId: customerTokens.customerId });
  return row?.customerId ?? null;
}
