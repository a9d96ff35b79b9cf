import { describe, expect, it } from 'vitest';
import {
  MAX_SKEW_SECONDS,
  NONCE_HEADER,
  SIGNATURE_HEADER,
  SIGNED_HEADERS,
  signInternalRequest,
  TIMESTAMP_HEADER,
  verifyInternalRequest,
} from './signing';

const SECRET = 'internal-auth-test-secret';
const PATH = '/internal/orders/ord_1';

const verify = (headers: Record<string, string>, overrides: { method?: string; path?: string; body?: string } = {}) =>
  verifyInternalRequest(
    SECRET,
    overrides.method ?? 'POST',
    overrides.path ?? PATH,
    overrides.body ?? '{"a":1}',
    new Headers(headers),
  );

const authority = () => Object.fromEntries(SIGNED_HEADERS.map((name) => [name, `${name}-value`]));

describe('signInternalRequest / verifyInternalRequest', () => {
  it('verifies what it signed, authority headers included, and returns them to send', async () => {
    const headers = await signInternalRequest(SECRET, 'POST', PATH, '{"a":1}', { headers: authority() });
    for (const name of SIGNED_HEADERS) expect(headers[name]).toBe(`${name}-value`);
    expect(await verify(headers)).toBe(true);
  });

  it('refuses a captured request whose authority header was swapped, removed or added', async () => {
    const signed = await signInternalRequest(SECRET, 'POST', PATH, '{"a":1}', { headers: authority() });
    for (const name of SIGNED_HEADERS) {
      expect(await verify({ ...signed, [name]: 'someone-else' }), `swapped ${name}`).toBe(false);
      const { [name]: _dropped, ...without } = signed;
      expect(await verify(without), `removed ${name}`).toBe(false);
    }
    const bare = await signInternalRequest(SECRET, 'POST', PATH, '{"a":1}');
    expect(await verify(bare)).toBe(true);
    for (const name of SIGNED_HEADERS) {
      expect(await verify({ ...bare, [name]: 'slipped-in' }), `added ${name}`).toBe(false);
      expect(await verify({ ...bare, [name]: '' }), `added empty ${name}`).toBe(false);
    }
  });

  it('refuses another method, path, body or secret', async () => {
    const headers = await signInternalRequest(SECRET, 'POST', PATH, '{"a":1}');
    expect(await verify(headers, { method: 'PUT' })).toBe(false);
    expect(await verify(headers, { path: '/internal/orders/ord_2' })).toBe(false);
    expect(await verify(headers, { body: '{"a":2}' })).toBe(false);
    const forged = await signInternalRequest('another-secret', 'POST', PATH, '{"a":1}');
    expect(await verify(forged)).toBe(false);
  });

  it('signs every request with its own nonce, so two signings of one request differ', async () => {
    const [a, b] = await Promise.all([
      signInternalRequest(SECRET, 'POST', PATH, '{"a":1}'),
      signInternalRequest(SECRET, 'POST', PATH, '{"a":1}'),
    ]);
    expect(a[NONCE_HEADER]).toMatch(/^[0-9a-f]{32}$/);
    expect(a[NONCE_HEADER]).not.toBe(b[NONCE_HEADER]);
    expect(a[SIGNATURE_HEADER]).not.toBe(b[SIGNATURE_HEADER]);
    expect(await verify(a)).toBe(true);
    expect(await verify(b)).toBe(true);
  });

  it('refuses a missing, malformed or swapped nonce', async () => {
    const a = await signInternalRequest(SECRET, 'POST', PATH, '{"a":1}');
    const b = await signInternalRequest(SECRET, 'POST', PATH, '{"a":1}');
    const { [NONCE_HEADER]: _nonce, ...without } = a;
    expect(await verify(without)).toBe(false);
    expect(await verify({ ...a, [NONCE_HEADER]: 'not-hex' })).toBe(false);
    expect(await verify({ ...a, [NONCE_HEADER]: b[NONCE_HEADER] as string })).toBe(false);
  });

  it('refuses a signature older or newer than the window', async () => {
    const now = Date.now();
    const stale = await signInternalRequest(SECRET, 'GET', PATH, '', { now: now - (MAX_SKEW_SECONDS + 2) * 1000 });
    const ahead = await signInternalRequest(SECRET, 'GET', PATH, '', { now: now + (MAX_SKEW_SECONDS + 2) * 1000 });
    const fresh = await signInternalRequest(SECRET, 'GET', PATH, '', { now: now - (MAX_SKEW_SECONDS - 2) * 1000 });
    expect(await verify(stale, { method: 'GET', body: '' })).toBe(false);
    expect(await verify(ahead, { method: 'GET', body: '' })).toBe(false);
    expect(await verify(fresh, { method: 'GET', body: '' })).toBe(true);
    expect(fresh[TIMESTAMP_HEADER]).toMatch(/^\d+$/);
  });
});
