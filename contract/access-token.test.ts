import { describe, expect, it } from 'vitest';
import { looksLikeAccessToken, parseKeyRing, signAccessToken, verifyAccessToken } from './access-token';
import type { AccessClaims } from './customers';

const NEW = 'k2:second-key-second-key-second-key-xx';
const OLD = 'k1:first-key-first-key-first-key-first-x';
const now = Date.UTC(2026, 10, 25, 12);
const claims = (over: Partial<AccessClaims> = {}): AccessClaims => ({
  iss: 'edgeshop',
  aud: 'shopper',
  sub: 'cus_1',
  sid: 'ses_1',
  iat: now / 1000,
  exp: now / 1000 + 300,
  ...over,
});
const b64 = (value: unknown) => btoa(JSON.stringify(value)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

describe('access tokens', () => {
  it('round-trips the claims under the ring that signed them', async () => {
    const ring = parseKeyRing(NEW);
    const token = await signAccessToken(ring, claims());
    expect(looksLikeAccessToken(token)).toBe(true);
    expect(JSON.parse(atob(token.split('.')[0] as string))).toEqual({ alg: 'HS256', typ: 'JWT', kid: 'k2' });
    expect(await verifyAccessToken(ring, token, now)).toEqual(claims());
  });

  it('refuses a tampered payload, a foreign key, an unknown kid and a wrong algorithm', async () => {
    const ring = parseKeyRing(NEW);
    const token = await signAccessToken(ring, claims());
    const [header, , sig] = token.split('.') as [string, string, string];
    expect(await verifyAccessToken(ring, `${header}.${b64(claims({ sub: 'cus_2' }))}.${sig}`, now)).toBeNull();
    const foreign = await signAccessToken(parseKeyRing('k2:another-key-another-key-another-key'), claims());
    expect(await verifyAccessToken(ring, foreign, now)).toBeNull();
    const unknownKid = await signAccessToken(parseKeyRing('k9:second-key-second-key-second-key-xx'), claims());
    expect(await verifyAccessToken(ring, unknownKid, now)).toBeNull();
    const none = `${b64({ alg: 'none', typ: 'JWT', kid: 'k2' })}.${b64(claims())}.`;
    expect(await verifyAccessToken(ring, none, now)).toBeNull();
    const hs512 = `${b64({ alg: 'HS512', typ: 'JWT', kid: 'k2' })}.${token.split('.')[1]}.${sig}`;
    expect(await verifyAccessToken(ring, hs512, now)).toBeNull();
    expect(await verifyAccessToken(ring, 'ord_1.123.abc', now)).toBeNull();
    expect(looksLikeAccessToken('ord_1.123.abc')).toBe(false);
  });

  it('refuses expired tokens, tokens from the future and tokens for someone else', async () => {
    const ring = parseKeyRing(NEW);
    const sign = (over: Partial<AccessClaims>) => signAccessToken(ring, claims(over));
    expect(await verifyAccessToken(ring, await sign({}), now + 299_000)).not.toBeNull();
    expect(await verifyAccessToken(ring, await sign({}), now + 300_000)).toBeNull();
    expect(await verifyAccessToken(ring, await sign({ iat: now / 1000 + 120 }), now)).toBeNull();
    expect(await verifyAccessToken(ring, await sign({ aud: 'staff' as 'shopper' }), now)).toBeNull();
    expect(await verifyAccessToken(ring, await sign({ iss: 'other' as 'edgeshop' }), now)).toBeNull();
  });

  it('rotates: the old key verifies while listed, the new one signs, dropping the old key ends its tokens', async () => {
    const before = await signAccessToken(parseKeyRing(OLD), claims());
    const rotated = parseKeyRing(`${NEW},${OLD}`);
    expect(rotated.current.kid).toBe('k2');
    expect(await verifyAccessToken(rotated, before, now)).not.toBeNull();
    const after = await signAccessToken(rotated, claims());
    expect(JSON.parse(atob(after.split('.')[0] as string)).kid).toBe('k2');
    expect(await verifyAccessToken(parseKeyRing(NEW), before, now)).toBeNull();
    expect(await verifyAccessToken(parseKeyRing(NEW), after, now)).not.toBeNull();
  });

  it('refuses malformed key rings, naming the variable', () => {
    for (const raw of [
      '',
      'nokid',
      ':secret-secret-secret-secret-secret-x',
      'k1:short',
      `${NEW},${NEW}`,
      'bad kid!:x'.padEnd(40, 'x'),
    ]) {
      expect(() => parseKeyRing(raw), raw).toThrow(/AUTH_TOKEN_KEYS/);
    }
  });
});
