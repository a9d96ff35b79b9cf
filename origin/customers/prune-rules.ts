/** Housekeeping of the customers context: one-time tokens (password reset, email verification). */
import { sql } from 'drizzle-orm';
import { customerTokens } from '../../db/schema/customers';
import { DAY_MS, type PruneRule } from '../platform/housekeeping';

/** A day past expiry: a late click still reads "expired", not "unknown". */
export const customerPruneRules: readonly PruneRule[] = [
  {
    name: 'customerTokens',
    table: customerTokens,
    key: sql`token_hash`,
    expired: (cutoff) => sql`expires_at < ${cutoff}::timestamptz`,
    retentionMs: DAY_MS,
  },
];
