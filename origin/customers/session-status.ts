/**
 * Whether customers' sessions are still alive, for something that keeps a session's identity
 * rather than its tokens: a conversation socket, opened with a one-minute ticket, outlives the
 * access token it was issued under but must not outlive the session.
 *
 * It asks exactly as every account call does, through `authenticateCustomer`, with an access
 * token minted here for the session and never sent anywhere. So a session ends for its sockets
 * by the same rules as for its requests (logout, a replayed refresh token, a password change or
 * reset, expiry), with no second copy of those rules or of how sessions are stored.
 */

import { signAccessToken } from '../../contract/access-token';
import type { OriginContext } from '../platform/context';
import { authenticateCustomer } from './sessions';

export interface CustomerSessionRef {
  customerId: string;
  /** The session's id (`sid` of its access tokens, the `rt_<sid>.` of its refresh token). */
  sessionId: string;
}

/** A probe lives no longer than the question it answers. */
const PROBE_TTL_SECONDS = 60;

/** One answer per session, in order: true while the session is alive and is `customerId`'s. */
export async function customerSessionsAlive(
  ctx: OriginContext,
  sessions: readonly CustomerSessionRef[],
): Promise<boolean[]> {
  const iat = Math.floor(Date.now() / 1000);
  return Promise.all(
    sessions.map(async ({ customerId, sessionId }) => {
      const probe = await signAccessToken(ctx.config.customers.authKeys, {
        iss: 'edgeshop',
        aud: 'shopper',
        sub: customerId,
        sid: sessionId,
        iat,
        exp: iat + PROBE_TTL_SECONDS,
      });
      const live = await authenticateCustomer(ctx, probe);
      return live !== null && live.customer.id === customerId && live.sid === sessionId;
    }),
  );
}
