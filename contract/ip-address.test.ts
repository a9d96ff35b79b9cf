import { describe, expect, it } from 'vitest';
import { normaliseIp } from './ip-address';

describe('normaliseIp', () => {
  it('keeps IPv4, also from its IPv4-mapped IPv6 form (dual-stack sockets)', () => {
    expect(normaliseIp(' 203.0.113.7 ')).toBe('203.0.113.7');
    expect(normaliseIp('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(normaliseIp('::FFFF:127.0.0.1')).toBe('127.0.0.1');
  });

  it('counts IPv6 by its /64, and takes that /64 back unchanged', () => {
    expect(normaliseIp('2001:db8:0:1:aaaa::1')).toBe('2001:db8:0:1::/64');
    expect(normaliseIp('2001:db8:0:1::/64')).toBe('2001:db8:0:1::/64');
    expect(normaliseIp('::1')).toBe('0:0:0:0::/64');
  });

  it('refuses anything else rather than making it a bucket name', () => {
    for (const raw of ['', 'unknown', 'evil:ip:1.2.3.4', 'x'.repeat(500), '1.2.3.4/64', '1::2::3']) {
      expect(normaliseIp(raw), raw).toBeNull();
    }
  });
});
