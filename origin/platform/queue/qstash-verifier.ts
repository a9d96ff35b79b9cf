import { Receiver } from '@upstash/qstash';
import { consumerUrl, failureUrl } from './qstash-transport';
import type { PushVerifier } from './queue';

export interface SigningKeys {
  currentSigningKey: string;
  nextSigningKey: string;
}

/**
 * Verifies `Upstash-Signature` with the SDK's Receiver: a JWT (HS256) signed with the current
 * or, during a rotation, the next signing key, issued by `Upstash`, within its `nbf`/`exp`
 * window, whose `sub` is the URL QStash called and whose `body` claim is the SHA-256 of the raw
 * body. `devMode: false` keeps the SDK from swapping in its local dev keys when QSTASH_DEV is set.
 */
export function qstashVerifier(keys: SigningKeys, callbackUrl: string): PushVerifier {
  const receiver = new Receiver({ ...keys, devMode: false });
  return {
    urlFor: (topic) => consumerUrl(callbackUrl, topic),
    failureUrlFor: (topic) => failureUrl(callbackUrl, topic),
    async verify({ signature, body, url }) {
      if (!signature) return false;
      try {
        return await receiver.verify({ signature, body, url });
      } catch {
        return false;
      }
    },
  };
}
