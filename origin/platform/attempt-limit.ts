/**
 * At most `attempts` per `windowSeconds` for one key (an address), counted in the cache port —
 * Redis in production, so every origin instance shares one count — with its atomic increment:
 * concurrent attempts are all counted and none slips past the limit. Fixed windows (one counter
 * per key and window, expiring with it): cheap, and a burst at a window's edge gets at most
 * twice the limit. A cache outage lifts the limit rather than refusing everyone; the password
 * hashing gate still bounds the CPU then.
 */
import type { CachePort } from './cache/cache-port';

export interface AttemptLimitRule {
  attempts: number;
  windowSeconds: number;
}

/** `20/60` (20 per 60 s) or `20` (per minute); `0` turns the limit off (null). */
export function parseAttemptLimit(text: string): AttemptLimitRule | null {
  const match = /^(\d{1,9})(?:\/(\d{1,7}))?$/.exec(text.trim());
  if (!match) throw new Error(`expected <attempts> or <attempts>/<seconds>, got "${text}"`);
  const attempts = Number(match[1]);
  const windowSeconds = match[2] === undefined ? 60 : Number(match[2]);
  if (windowSeconds < 1) throw new Error('the window needs at least 1 second');
  return attempts === 0 ? null : { attempts, windowSeconds };
}

export function attemptLimit(cache: CachePort, scope: string, rule: AttemptLimitRule, now: () => number = Date.now) {
  return {
    /** Counts one attempt for `key`: 0 to go ahead, or the seconds until its window ends. */
    async take(key: string): Promise<number> {
      const nowMs = now();
      const windowMs = rule.windowSeconds * 1000;
      const window = Math.floor(nowMs / windowMs);
      let count: number;
      try {
        count = await cache.incr(`${scope}:${key}:${window}`, rule.windowSeconds);
      } catch {
        return 0;
      }
      return count <= rule.attempts ? 0 : Math.max(1, Math.ceil(((window + 1) * windowMs - nowMs) / 1000));
    },
  };
}

export type AttemptLimit = ReturnType<typeof attemptLimit>;
