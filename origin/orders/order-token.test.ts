import { describe, expect, it } from 'vitest';
import { signOrderToken, verifyOrderToken } from './order-token';

describe('order tokens', () => {
  it('open the order they were made for', async () => {
    const token = await signOrderToken('s', 'ord_A', 3600);
    expect(await verifyOrderToken('s', 'ord_A', token)).toBe(true);
  });

  it('never open another order, and refuse other secrets, expiry and tampering', async () => {
    const token = await signOrderToken('s', 'ord_A', 3600);
    expect(await verifyOrderToken('s', 'ord_B', token)).toBe(false);
    expect(await verifyOrderToken('other', 'ord_A', token)).toBe(false);
    expect(await verifyOrderToken('s', 'ord_A', token, Date.now() + 3601_000)).toBe(false);
    const [id, exp, mac] = token.split('.');
    expect(await verifyOrderToken('s', 'ord_A', `${id}.${Number(exp) + 1}.${mac}`)).toBe(false);
    expect(await verifyOrderToken('s', 'ord_A', `${id}.${exp}.${mac?.slice(0, -2)}AA`)).toBe(false);
    for (const bad of ['', 'x', 'a.b.c', `${id}.${exp}`, `${id}.${exp}.!!!`]) {
      expect(await verifyOrderToken('s', 'ord_A', bad)).toBe(false);
    }
  });
});
