/**
 * Remembers accepted webhook events by id, in the transaction that queues their effect.
 * - `new`: first time; the caller goes on.
 * - `duplicate`: the provider delivered the event again (fresh timestamp and signature, as a
 *   retry after a lost answer): acknowledge, change nothing.
 * - `replay`: the very same signed request again (same signature header): refuse it.
 */
import { and, eq } from 'drizzle-orm';
import { webhookReceipts } from '../../../db/schema/webhooks';
import type { Writer } from '../outbox/outbox';

export type ReceiptOutcome = 'new' | 'duplicate' | 'replay';

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function recordReceipt(
  tx: Writer,
  source: string,
  eventId: string,
  signatureHeader: string,
): Promise<ReceiptOutcome> {
  const signatureHash = await sha256Hex(signatureHeader);
  const inserted = await tx
    .insert(webhookReceipts)
    .values({ source, eventId, signatureHash })
    .onConflictDoNothing()
    .returning({ eventId: webhookReceipts.eventId });
  if (inserted.length > 0) return 'new';
  const [first] = await tx
    .select({ signatureHash: webhookReceipts.signatureHash })
    .from(webhookReceipts)
    .where(and(eq(webhookReceipts.source, source), eq(webhookReceipts.eventId, eventId)));
  return first?.signatureHash === signatureHash ? 'replay' : 'duplicate';
}
