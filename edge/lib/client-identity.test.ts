import { describe, expect, it } from 'vitest';
import { parseKeyRing } from '../../contract/access-token';
import { accessToken, testKeys } from '../../test/edge/sessions';
import { accountSubject, clientIp, ipv6Prefix64 } from './client-identity';

describe('clientIp', () => {
  it('prefers CF-Connecting-IP, then the first X-Forwarded-For hop, then unknown', () => {
    expect(clientIp(new Headers({ 'cf-connecting-ip': '203.0.113.7', 'x-forwarded-for': '198.51.100.1' }))).toBe(
      '203.0.113.7',
    );
    expect(clientIp(new Headers({ 'x-forwarded-for': ' 198.51.100.1 , 10.0.0.1' }))).toBe('198.51.100.1');
    expect(clientIp(new Headers())).toBe('unknown');
  });

  it('refuses garbage as an address instead of making it a bucket name', () => {
    expect(clientIp(new Headers({ 'cf-connecting-ip': 'evil:ip:1.2.3.4' }))).toBe('unknown');
    expect(clientIp(new Headers({ 'cf-connecting-ip': 'x'.repeat(500) }))).toBe('unknown');
  });

  it('limits IPv6 clients per /64', () => {
    const a = clientIp(new Headers({ 'cf-connecting-ip': '2001:db8:0:1:aaaa::1' }));
    const b = clientIp(new Headers({ 'cf-connecting-ip': '2001:0db8:0000:0001:ffff:1:2:3' }));
    expect(a).toBe('2001:db8:0:1::/64');
    expect(b).toBe(a);
  });
});

describe('ipv6Prefix64', () => {
  it('expands :: and rejects malformed addresses', () => {
    expect(ipv6Prefix64('::1')).toBe('0:0:0:0::/64');
    expect(ipv6Prefix64('2001:db8::')).toBe('2001:db8:0:0::/64');
    expect(ipv6Prefix64('::ffff:192.0.2.1')).toBe('0:0:0:0::/64');
    expect(ipv6Prefix64('1::2::3')).toBeNull();
    expect(ipv6Prefix64('1:2:3')).toBeNull();
    expect(ipv6Prefix64('12345::1')).toBeNull();
  });
});

describe('accountSubject', () => {
  it('is a hash of a bearer that is not a session, never the token itself, and null without one', async () => {
    const keys = testKeys();
    const subject = await accountSubject(new Headers({ authorization: 'Bearer secret-token.1' }), keys);
    expect(subject).toMatch(/^tok:[0-9a-f]{32}$/);
    expect(subject).not.toContain('secret');
    expect(await accountSubject(new Headers({ authorization: 'Bearer secret-token.1' }), keys)).toBe(subject);
    expect(await accountSubject(new Headers({ authorization: 'Bearer other' }), keys)).not.toBe(subject);
    expect(await accountSubject(new Headers(), keys)).toBeNull();
  });

  it("is the customer's account for a verified session, shared by all of its tokens", async () => {
    const keys = testKeys();
    const first = await accountSubject(new Headers({ authorization: `Bearer ${await accessToken('cus_a')}` }), keys);
    const second = await accountSubject(
      new Headers({ authorization: `Bearer ${await accessToken('cus_a', { sid: 'ses_other' })}` }),
      keys,
    );
    expect(first).toBe('acct:cus_a');
    expect(second).toBe('acct:cus_a');
    // A forged token names no account: it is just another anonymous bearer.
    const forged = await accessToken('cus_a', { keys: parseKeyRing('x:forged-key-forged-key-forged-key-forged') });
    expect(await accountSubject(new Headers({ authorization: `Bearer ${forged}` }), keys)).toMatch(/^tok:/);
  });
});
