/**
 * Slows password guessing on login (staff and customers, each under its own key prefix), per email, in the cache port (shared by all
 * instances when Upstash is configured). The first FREE_FAILURES failures cost nothing; each
 * further one locks the email for 1 s, 2 s, 4 s … up to 15 min, and a locked email is refused
 * with 429 before any password is checked. A success clears the record.
 *
 * Failures are counted with the cache's atomic increment, so concurrent failures are all
 * counted (a burst of wrong guesses locks the email for as long as its size says); the lock
 * runs from the latest failure. Guesses fired in the same instant are each checked once before
 * the lock lands (the check precedes the count); the edge's per-IP rate limit bounds those bursts.
 */
import type { CachePort } from '../platform/cache/cache-port';
import { err, ok, type Result } from '../platform/result';
import type { PasswordHasher } from './password';

export const FREE_FAILURES = 4;
const MAX_LOCK_SECONDS = 15 * 60;
/** Failures are forgotten after a quiet hour. */
const MEMORY_SECONDS = 3600;

export function lockSeconds(failures: number): number {
  return failures <= FREE_FAILURES ? 0 : Math.min(MAX_LOCK_SECONDS, 2 ** (failures - FREE_FAILURES - 1));
}

/** `scope` keeps the staff's and the customers' records apart (`staff-login`, `customer-login`). */
export function loginThrottle(cache: CachePort, now: () => number = Date.now, scope = 'staff-login') {
  // The failure count (an atomic counter) and the time of the latest failure.
  const countKey = (email: string) => `${scope}:${email}:failures`;
  const atKey = (email: string) => `${scope}:${email}:failed-at`;
  const memory = MEMORY_SECONDS + MAX_LOCK_SECONDS;
  return {
    /** Seconds the caller must wait before trying this email again (0: go ahead). */
    async retryAfter(email: string): Promise<number> {
      const [failures, failedAt] = await Promise.all([
        cache.get<number>(countKey(email)).catch(() => null),
        cache.get<number>(atKey(email)).catch(() => null),
      ]);
      if (!failures) return 0;
      // The time alone lost (evicted from a full memory cache): count the lock from now rather
      // than lift it.
      const from = failedAt ?? now();
      return Math.max(0, Math.ceil((from + lockSeconds(failures) * 1000 - now()) / 1000));
    },
    async failed(email: string): Promise<void> {
      await cache.set(atKey(email), now(), memory);
      await cache.incr(countKey(email), memory);
    },
    async succeeded(email: string): Promise<void> {
      await cache.del(countKey(email), atKey(email)).catch(() => {});
    },
  };
}

export type LoginThrottle = ReturnType<typeof loginThrottle>;

/** Hashed once per process and iteration count: an unknown email costs as much as a known one. */
const decoys = new Map<number, Promise<string>>();
function decoyHash(passwords: PasswordHasher, iterations: number): Promise<string> {
  let hash = decoys.get(iterations);
  if (!hash) {
    hash = passwords.hash('decoy password', iterations);
    // A refused first try (gate full) must not stay cached as the decoy.
    hash.catch(() => decoys.delete(iterations));
    decoys.set(iterations, hash);
  }
  return hash;
}

/**
 * One throttled password check, for staff and customers alike: refused while the email is
 * locked (`too_many_attempts` with `retryAfter`); an unknown email is checked against a decoy
 * hash so it cannot be told from a wrong password by timing; `usable` refuses a disabled
 * account like a wrong password. Failures and successes move the throttle.
 */
export async function checkLogin<A extends { passwordHash: string }>(
  throttle: LoginThrottle,
  address: string,
  password: string,
  options: {
    find: () => Promise<A | null>;
    passwords: PasswordHasher;
    iterations: number;
    usable?: (account: A) => boolean;
    refusal: string;
  },
): Promise<Result<A>> {
  const wait = await throttle.retryAfter(address);
  if (wait > 0) {
    return err('too_many_attempts', `Too many failed logins for this email; try again in ${wait} s`, {
      retryAfter: wait,
    });
  }
  const account = await options.find();
  const stored = account?.passwordHash ?? (await decoyHash(options.passwords, options.iterations));
  const valid = await options.passwords.verify(password, stored);
  if (!account || !valid || (options.usable && !options.usable(account))) {
    await throttle.failed(address);
    return err('invalid_credentials', options.refusal);
  }
  await throttle.succeeded(address);
  return ok(account);
}
