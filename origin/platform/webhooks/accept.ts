/**
 * The second half of every webhook route, after the sender's signature was verified: remember
 * the event id and queue its effect in one transaction, so the answer (2xx) is only given once
 * the effect is sure to happen, and happens once. The effect itself runs in a queue consumer,
 * never in the webhook request.
 */
import type { OriginContext } from '../context';
import { enqueue } from '../outbox/outbox';
import { err, ok, type Result } from '../result';
import { recordReceipt } from './receipts';

export interface VerifiedWebhook {
  /** `payment:sandbox-card`, `carrier:sandbox-carrier`, … */
  source: string;
  eventId: string;
  /** The signature header as received (a byte-for-byte replay is recognised by it). */
  signature: string;
  topic: string;
  aggregateId: string;
  payload: Record<string, unknown>;
}

export async function acceptWebhook(
  ctx: OriginContext,
  hook: VerifiedWebhook,
): Promise<Result<{ duplicate: boolean }, 'webhook_replayed'>> {
  const outcome = await ctx.transaction(async (tx) => {
    const receipt = await recordReceipt(tx, hook.source, hook.eventId, hook.signature);
    if (receipt === 'new') {
      await enqueue(tx, {
        topic: hook.topic,
        aggregateId: hook.aggregateId,
        payload: { ...hook.payload, source: hook.source, eventId: hook.eventId },
      });
    }
    return receipt;
  });
  if (outcome === 'replay') return err('webhook_replayed', 'This webhook request was already received');
  return ok({ duplicate: outcome === 'duplicate' });
}
