import { describe, expect, it } from 'vitest';
import { DEFAULT_PASSWORD_ITERATIONS, hashPassword, verifyPassword } from './password';

describe('password hashing', () => {
  it('stores PBKDF2-SHA256 with its iteration count and a random salt, and verifies it', async () => {
    const stored = await hashPassword('correct horse battery staple', 1000);
    expect(stored).toMatch(/^pbkdf2-sha256\$1000\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
    expect(await verifyPassword('correct horse battery staple', stored)).toBe(true);
    expect(await verifyPassword('correct horse battery stapl', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('salts: the same password hashes differently each time', async () => {
    const [a, b] = await Promise.all([hashPassword('same password!', 1000), hashPassword('same password!', 1000)]);
    expect(a).not.toBe(b);
  });

  it('defaults to 600,000 rounds', () => {
    expect(DEFAULT_PASSWORD_ITERATIONS).toBe(600_000);
  });

  it('verifies with the rounds stored in the hash, not the current setting', async () => {
    const old = await hashPassword('a long password', 2000);
    expect(await verifyPassword('a long password', old)).toBe(true);
  });

  it('refuses malformed or tampered hashes instead of throwing', async () => {
    const stored = await hashPassword('a long password', 1000);
    const [scheme, rounds, salt, hash] = stored.split('$') as [string, string, string, string];
    for (const bad of [
      '',
      'plain',
      `bcrypt$${rounds}$${salt}$${hash}`,
      `${scheme}$1001$${salt}$${hash}`,
      `${scheme}$${rounds}$${salt}$${hash.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'))}`,
      `${scheme}$${rounds}$${salt}$${hash}$extra`,
      `${scheme}$abc$${salt}$${hash}`,
      `${scheme}$0$${salt}$${hash}`,
      `${scheme}$999999999$${salt}$${hash}`,
      `${scheme}$${rounds}$%%%$${hash}`,
      `${scheme}$${rounds}$${salt}$AAAA`,
    ]) {
      expect(await verifyPassword('a long password', bad), bad).toBe(false);
    }
  });
});
