/**
 * The origin's memory of the signed internal requests that change something. A signature is
 * valid for MAX_SKEW_SECONDS either side of its timestamp, so without this a captured POST (a
 * review, a password change, a logout) could be sent again, unchanged, for up to two minutes.
 * Each signature carries its own nonce (internal-auth.ts), so a second sighting is a replay,
 * never a legitimate request: the edge signs every attempt anew, a retry included.
 *
 * Signatures are remembered in the cache port (Redis in production, so every origin instance
 * shares one memory; in-memory locally) with an atomic set-if-absent, until their window ends.
 */

import { MAX_SKEW_SECONDS } from '../../contract/signing';
import type { CachePort } from './cache/cache-port';

/** Methods whose repetition changes nothing: never remembered, a read may be sent again. */
const REPEATABLE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Whether a request with `method` is accepted once only. */
export function acceptedOnce(method: string): boolean {
  return !REPEATABLE.has(method.toUpperCase());
}

/**
 * How long a signature made at `timestampSeconds` must be remembered at `nowMs`: until its
 * window has closed (the second after timestamp + MAX_SKEW_SECONDS), at least one second.
 */
export function rememberSeconds(timestampSeconds: number, nowMs: number): number {
  return Math.max(1, timestampSeconds + MAX_SKEW_SECONDS + 1 - Math.floor(nowMs / 1000));
}

/**
 * True the first time a verified signature is seen, false on every later sighting while it is
 * still inside its window (whichever instance saw it first). Rejects when the cache does.
 */
export function firstSighting(cache: CachePort, signature: string, timestampSeconds: number, nowMs = Date.now()) {
  return cache.setIfAbsent(`internal-signature:${signature}`, 1, rememberSeconds(timestampSeconds, nowMs));
}
