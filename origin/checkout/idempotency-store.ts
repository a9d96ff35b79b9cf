/**
 * Idempotency keys in the database (idempotency_keys), for any request that must happen once per
 * key within a scope: a checkout (scope: the cart), another payment attempt (scope: the order).
 * The key is claimed in the request's own transaction, so a stored answer always belongs to a
 * committed outcome, a refusal (rolled back) leaves the key free, and a concurrent duplicate
 * waits on the key's row and then replays.
 */
import { and, eq, type SQL } from 'drizzle-orm';
import { idempotencyKeys } from '../../db/schema/checkout';
import type { Tx } from '../platform/context';
import { err } from '../platform/result';
import { decideExistingKey } from './idempotency';

export type StoredAnswer = { status: number; body: Record<string, unknown> };

/** Thrown (rolling the transaction back) when the key was used with another request. */
export class KeyReused extends Error {
  readonly outcome = err('idempotency_key_reused', 'This Idempotency-Key was used with a different request');
}

/** Claims `key` in `scope`: null when new, the stored answer when used before with the same request. */
export async function claimScopedKey(tx: Tx, scope: string, key: string, hash: string): Promise<StoredAnswer | null> {
  const claimed = await tx
    .insert(idempotencyKeys)
    .values({ scope, key, requestHash: hash, responseStatus: 0, responseBody: {} })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  if (claimed.length > 0) return null;
  const [stored] = await tx
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));
  if (!stored) throw new Error('idempotency key vanished after a conflict');
  const decision = decideExistingKey(stored, hash);
  if (decision.kind === 'mismatch') throw new KeyReused();
  return { status: decision.status, body: decision.body };
}

/** Stores the answer under a key claimed in this transaction. */
export async function storeAnswer(tx: Tx, scope: string, key: string, answer: StoredAnswer, orderId: string) {
  await tx.execute(storeAnswerStatement(tx, scope, key, answer, orderId));
}

/** The same write as a statement, for a workflow that writes in one statement (see platform/sql-batch.ts). */
export function storeAnswerStatement(tx: Tx, scope: string, key: string, answer: StoredAnswer, orderId: string): SQL {
  return tx
    .update(idempotencyKeys)
    .set({ responseStatus: answer.status, responseBody: answer.body, orderId })
    .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)))
    .getSQL();
}
