/** Housekeeping of the members context: staff sessions. */
import { sql } from 'drizzle-orm';
import { staffSessions } from '../../db/schema/members';
import type { PruneRule } from '../platform/housekeeping';

/** Once expired: an expired session is refused already. */
export const memberPruneRules: readonly PruneRule[] = [
  {
    name: 'staffSessions',
    table: staffSessions,
    key: sql`token_hash`,
    expired: (cutoff) => sql`expires_at < ${cutoff}::timestamptz`,
    retentionMs: 0,
  },
];
