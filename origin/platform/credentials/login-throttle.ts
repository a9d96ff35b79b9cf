/**
 * Slows password guessing on login (staff and customers, each under its own key prefix), in
 * the cache port (Redis through Upstash in production, shared by every instance).
 *
 * Failures lock an email *for the address they came from*: the first FREE_FAILURES failures of
 * one (email, address) cost nothing, each further one locks that pair for 1 s, 2 s, 4 s … up
 * to 15 min, and a locked pair is refused with 429 before any password is checked. A success
 * clears the pair. Locking the email alone let anyone lock any account, the only owner's
 * included, with a handful of wrong guesses an hour; now an attacker locks only themselves, and
 * the owner signs in from their own address. Guessing one email from many addresses is bounded
 * per address instead: staff login has a per-address attempt limit at the origin
 * (`STAFF_LOGIN_ADDRESS_LIMIT`), shoppers have the edge's per-IP and per-email auth limits, and
 * every check costs a slot of the hashing gate.
 *
 * Failures are counted with the cache's atomic increment, so concurrent failures are all
 * counted (a burst of wrong guesses locks the pair for as long as its size says); the lock runs
 * from the latest failure. Guesses fired in the same instant are each checked once before the
 * lock lands (the check precedes the count); the per-address limits bound those bursts.
 */
import type { AttemptLimit } from '../attempt-limit';
import type { CachePort } from '../cache/cache-port';
import { err, ok, type Result } from '../result';
import type { PasswordHasher } from './password';

export const FREE_FAILURES = 4;
const MAX_LOCK_SECONDS = 15 * 60;
/** Failures are forgotten after a quiet hour. */
const MEMORY_SECONDS = 3600;

export function lockSeconds(failures: number): number {
  return failures <= FREE_FAILURES ? 0 : Math.min(MAX_LOCK_SECONDS, 2 ** (failures - FREE_FAILURES - 1));
}

/**
 * `scope` keeps the staff's and the customers' records apart (`staff-login`, `customer-login`);
 * `key` is what is locked (checkLogin uses email and address).
 */
export function loginThrottle(cache: CachePort, now: () => number = Date.now, scope = 'staff-login') {
  // The failure count (an atomic counter) and the time of the latest failure.
  const countKey = (key: string) => `${scope}:${key}:failures`;
  const atKey = (key: string) => `${scope}:${key}:failed-at`;
  const memory = MEMORY_SECONDS + MAX_LOCK_SECONDS;
  return {
    /** Seconds the caller must wait before trying this key again (0: go ahead). */
    async retryAfter(key: string): Promise<number> {
      const [failures, failedAt] = await Promise.all([
        cache.get<number>(countKey(key)).catch(() => null),
        cache.get<number>(atKey(key)).catch(() => null),
      ]);
      if (!failures) return 0;
      // The time alone lost (evicted from a full memory cache): count the lock from now rather
      // than lift it.
      const from = failedAt ?? now();
      return Math.max(0, Math.ceil((from + lockSeconds(failures) * 1000 - now()) / 1000));
    },
    async failed(key: string): Promise<void> {
      await cache.set(atKey(key), now(), memory);
      await cache.incr(countKey(key), memory);
    },
    async succeeded(key: string): Promise<void> {
      await cache.del(countKey(key), atKey(key)).catch(() => {});
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

/** Who is trying: the account's email and the client address it comes from (platform/client-address.ts). */
export interface LoginAttempt {
  email: string;
  from: string;
}

/**
 * One throttled password check, for staff and customers alike: refused while the address is
 * over `addressLimit` (`rate_limited`) or the email is locked for this address
 * (`too_many_attempts`), both with `retryAfter`; an unknown email is checked against a decoy
 * hash so it cannot be told from a wrong password by timing; `usable` refuses a disabled
 * account like a wrong password. Failures and successes move the throttle of (email, address).
 */
export async function checkLogin<A extends { passwordHash: string }>(
  throttle: LoginThrottle,
  attempt: LoginAttempt,
  password: string,
  options: {
    find: () => Promise<A | null>;
    passwords: PasswordHasher;
    iterations: number;
    /** Attempts per client address, counted before anything else (every attempt costs a hash). */
    addressLimit?: AttemptLimit | null;
    usable?: (account: A) => boolean;
    refusal: string;
  },
): Promise<Result<A>> {
  const busy = (await options.addressLimit?.take(attempt.from)) ?? 0;
  if (busy > 0) {
    return err('rate_limited', `Too many login attempts from this address; try again in ${busy} s`, {
      retryAfter: busy,
    });
  }
  const pair = `${attempt.email}|${attempt.from}`;
  const wait = await throttle.retryAfter(pair);
  if (wait > 0) {
    return err('too_many_attempts', `Too many failed logins for this email; try again in ${wait} s`, {
      retryAfter: wait,
    });
  }
  const account = await options.find();
  const stored = account?.passwordHash ?? (await decoyHash(options.passwords, options.iterations));
  const valid = await options.passwords.verify(password, stored);
  if (!account || !valid || (options.usable && !options.usable(account))) {
    await throttle.failed(pair);
    return err('invalid_credentials', options.refusal);
  }
  await throttle.succeeded(pair);
  return ok(account);
}
