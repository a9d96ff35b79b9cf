/**
 * Password hashing of staff and customers: PBKDF2-HMAC-SHA256 through WebCrypto (the same code
 * in Bun, Node and Workers), a random 16-byte salt, 600,000 iterations by default (OWASP's 2023
 * figure for PBKDF2-SHA256), stored as `pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>`. The
 * iteration count travels in the hash, so raising it later leaves existing hashes verifiable.
 *
 * The origin hashes only through `ctx.passwords` (`gatedPasswords`): every hash and check of a
 * request passes one per-process work gate, so a flood of logins is refused (503 `busy`)
 * instead of queueing CPU work without bound.
 */
import type { WorkGate } from '../work-gate';
import { constantTimeEqual } from './tokens';

export const DEFAULT_PASSWORD_ITERATIONS = 600_000;
const SCHEME = 'pbkdf2-sha256';
const HASH_BYTES = 32;
/** Above this a stored hash is refused rather than run: a tampered row must not stall the origin. */
const MAX_ITERATIONS = 10_000_000;

const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const unb64 = (text: string) => Uint8Array.from(atob(text), (ch) => ch.charCodeAt(0));

async function derive(password: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(password), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    key,
    HASH_BYTES * 8,
  );
  return new Uint8Array(bits);
}

export async function hashPassword(password: string, iterations = DEFAULT_PASSWORD_ITERATIONS): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  return `${SCHEME}$${iterations}$${b64(salt)}$${b64(await derive(password, salt, iterations))}`;
}

/** True when `password` matches `stored`; false for a wrong password or a malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, rounds, saltText, hashText, ...rest] = stored.split('$');
  const iterations = Number(rounds);
  if (
    scheme !== SCHEME ||
    rest.length ||
    !Number.isInteger(iterations) ||
    iterations < 1 ||
    iterations > MAX_ITERATIONS
  )
    return false;
  let salt: Uint8Array<ArrayBuffer>;
  let expected: Uint8Array;
  try {
    salt = unb64(saltText ?? '');
    expected = unb64(hashText ?? '');
  } catch {
    return false;
  }
  if (expected.length !== HASH_BYTES) return false;
  return constantTimeEqual(await derive(password, salt, iterations), expected);
}

/** Hashing and checking passwords, as the origin's requests do it (bounded by a work gate). */
export interface PasswordHasher {
  hash(password: string, iterations: number): Promise<string>;
  verify(password: string, stored: string): Promise<boolean>;
}

/** Every hash and check waits for a slot of `gate`, or is refused with GateFullError. */
export function gatedPasswords(gate: WorkGate): PasswordHasher {
  return {
    hash: (password, iterations) => gate.run(() => hashPassword(password, iterations)),
    verify: (password, stored) => gate.run(() => verifyPassword(password, stored)),
  };
}
