/**
 * Several writes as one SQL statement (data-modifying CTEs): one round trip instead of one per
 * write, so a transaction holds its connection and its row locks for less time. Each context
 * builds its own statements (it alone knows its tables); a workflow composes them here. Every
 * statement sees the snapshot from before the whole statement, and foreign keys are checked at
 * its end, when every row is in.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { Writer } from './outbox/outbox';

export async function writeAsOneStatement(tx: Writer, statements: readonly SQL[]): Promise<void> {
  if (statements.length === 0) return;
  const parts = statements.map((statement, i) => sql`${sql.raw(`w${i}`)} as (${statement})`);
  await tx.execute(sql`with ${sql.join(parts, sql`, `)} select 1`);
}
