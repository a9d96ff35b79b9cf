/**
 * A conversation object's check of its sockets' credentials: one signed call to the origin for
 * all of them (each distinct credential asked once), then every socket whose credential lapsed is
 * closed with a frame the client can act on (socket-credential-rules.ts).
 *
 * When the origin cannot answer, the sockets stay open until the next check: the origin is where
 * sessions end and accounts change, so while it is unreachable nothing can have been revoked
 * that this check would learn about, and closing every agent's and shopper's socket during an
 * outage would only add to it.
 */
import type { CredentialVerdict, SocketCredential } from '../../contract/support';
import { supportPaths } from '../../contract/support';
import type { EdgeConfig } from '../lib/config';
import { logger } from '../lib/log';
import { failureReason, signedOriginFetch } from '../lib/signed-fetch';
import { checkBatches, closeFrame, credentialKey, parseVerdicts } from './socket-credential-rules';

export interface HeldSocket {
  ws: WebSocket;
  /** Null for a guest's socket, which is never checked. */
  credential: SocketCredential | null;
}

/** Checks and closes; answers how many sockets with a credential are still open. */
export async function checkSocketCredentials(
  config: Pick<EdgeConfig, 'originUrl' | 'internalSecret'>,
  conversationId: string | null,
  sockets: readonly HeldSocket[],
): Promise<number> {
  const held = sockets.filter((s): s is HeldSocket & { credential: SocketCredential } => s.credential !== null);
  if (held.length === 0) return 0;
  const verdicts = new Map<string, CredentialVerdict>();
  try {
    for (const batch of checkBatches(held.map((s) => s.credential))) {
      const res = await signedOriginFetch(config, {
        method: 'POST',
        pathAndQuery: supportPaths.socketCredentials,
        body: JSON.stringify({ credentials: batch }),
        timeoutMs: 10_000,
      });
      const answer = parseVerdicts(res.ok ? await res.json().catch(() => null) : null, batch.length);
      if (!answer) {
        await res.body?.cancel().catch(() => {});
        throw new Error(`origin answered ${res.status}`);
      }
      for (const [i, credential] of batch.entries()) {
        verdicts.set(credentialKey(credential), answer[i] as CredentialVerdict);
      }
    }
  } catch (err) {
    logger.warn('socket credential check failed; sockets stay open until the next check', {
      conversation: conversationId,
      reason: failureReason(err),
    });
    return held.length;
  }
  let open = 0;
  for (const { ws, credential } of held) {
    const verdict = verdicts.get(credentialKey(credential));
    if (!verdict || verdict.valid) {
      open++;
      continue;
    }
    const frame = closeFrame(verdict.reason);
    try {
      ws.close(frame.code, frame.reason);
    } catch {
      // closing already
    }
  }
  return open;
}
