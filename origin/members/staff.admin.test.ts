import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CarrierTest, codOrder, setupShipping, startCarrierTest } from '../../test/support/carrier';
import { uid } from '../../test/support/origin';
import { apiKey, callerWith, FAST_HASHING, login, PASSWORD, staffSession } from '../../test/support/staff';

let c: CarrierTest;
beforeAll(async () => {
  c = await startCarrierTest(FAST_HASHING);
  await setupShipping(c.t);
});
afterAll(() => c.close());

describe('staff accounts', () => {
  it('creates a member, who logs in and sees their role and permissions at /admin/me', async () => {
    const email = `Ann-${uid()}@Shop.test`;
    const created = await c.t.admin('POST', '/admin/staff', {
      email,
      password: PASSWORD,
      role: 'support',
      name: 'Ann',
    });
    expect(created.status).toBe(201);
    const member = (await created.json()) as { id: string };
    expect(member).toMatchObject({ email: email.toLowerCase(), name: 'Ann', role: 'support', disabled: false });
    expect(JSON.stringify(member)).not.toContain(PASSWORD);

    const res = await login(c.t, email.toUpperCase(), PASSWORD);
    expect(res.status).toBe(200);
    const session = (await res.json()) as { token: string; expiresAt: string; staff: { id: string } };
    expect(session.token).toMatch(/^stfs_/);
    expect(new Date(session.expiresAt).getTime()).toBeGreaterThan(Date.now());
    const me = (await (await callerWith(c.t, session.token)('GET', '/admin/me')).json()) as { permissions: string[] };
    expect(me).toMatchObject({ kind: 'session', staff: { id: member.id, role: 'support' }, apiKey: null });
    expect(me.permissions).toContain('payments:refund');
  });

  it('refuses a second account with the same email in another case', async () => {
    const email = `dup-${uid()}@shop.test`;
    expect((await c.t.admin('POST', '/admin/staff', { email, password: PASSWORD, role: 'catalog' })).status).toBe(201);
    const again = await c.t.admin('POST', '/admin/staff', {
      email: email.toUpperCase(),
      password: PASSWORD,
      role: 'owner',
    });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ error: { code: 'email_taken' } });
  });

  it('refuses a short password', async () => {
    const res = await c.t.admin('POST', '/admin/staff', {
      email: `s-${uid()}@shop.test`,
      password: 'short',
      role: 'catalog',
    });
    expect(res.status).toBe(400);
  });

  it('changes a role, which takes effect on the next request of a live session', async () => {
    const member = await staffSession(c.t, 'support');
    expect((await member.call('GET', '/admin/queue/dead-letters')).status).toBe(403);
    const patched = await c.t.admin('PATCH', `/admin/staff/${member.id}`, { role: 'owner' });
    expect(await patched.json()).toMatchObject({ role: 'owner' });
    expect((await member.call('GET', '/admin/queue/dead-letters')).status).toBe(200);
    const list = (await (await member.call('GET', '/admin/staff')).json()) as { items: { id: string }[] };
    expect(list.items.map((s) => s.id)).toContain(member.id);
  });
});

describe('roles at work', () => {
  it('lets a fulfilment member ship an order but not change a price', async () => {
    const packer = await staffSession(c.t, 'fulfilment');
    const { placed, variants } = await codOrder(c.t, [1]);
    const shipped = await packer.call('POST', `/admin/orders/${placed.order.id}/shipments`);
    expect(shipped.status).toBe(201);

    const variantId = variants[0]?.id as string;
    const reprice = await packer.call('PATCH', `/admin/variants/${variantId}`, {
      price: { amount: 1, currency: 'USD' },
    });
    expect(reprice.status).toBe(403);
    expect(await reprice.json()).toMatchObject({ error: { code: 'forbidden', required: 'catalog:write' } });
    const variant = (await (await c.t.admin('GET', `/admin/variants/${variantId}`)).json()) as {
      prices: { amount: number; currency: string }[];
    };
    expect(variant.prices.find((p) => p.currency === 'USD')?.amount).toBe(2500);
  });

  it('lets a catalog member change a price but not ship', async () => {
    const merchandiser = await staffSession(c.t, 'catalog');
    const { placed, variants } = await codOrder(c.t, [1]);
    const variantId = variants[0]?.id as string;
    const reprice = await merchandiser.call('PATCH', `/admin/variants/${variantId}`, {
      price: { amount: 2600, currency: 'USD' },
    });
    expect(reprice.status).toBe(200);
    expect((await merchandiser.call('POST', `/admin/orders/${placed.order.id}/shipments`)).status).toBe(403);
  });
});

describe('API keys', () => {
  it('shows the key once, lists it without the secret, and works with its scope only', async () => {
    const created = await c.t.admin('POST', '/admin/api-keys', { name: 'ERP sync', permissions: ['orders:read'] });
    expect(created.status).toBe(201);
    const { key, apiKey: record } = (await created.json()) as { key: string; apiKey: { id: string; prefix: string } };
    expect(key).toMatch(/^sk_live_[A-Za-z0-9_-]{43}$/);
    expect(key.startsWith(record.prefix)).toBe(true);
    const listed = await (await c.t.admin('GET', '/admin/api-keys')).text();
    expect(listed).toContain(record.id);
    expect(listed).not.toContain(key);

    const erp = callerWith(c.t, key);
    expect((await erp('GET', '/admin/orders')).status).toBe(200);
    expect((await erp('GET', '/admin/products')).status).toBe(403);
    const me = (await (await erp('GET', '/admin/me')).json()) as object;
    expect(me).toMatchObject({
      kind: 'api_key',
      apiKey: { id: record.id, name: 'ERP sync' },
      permissions: ['orders:read'],
    });
  });

  it('records keys made by a staff member against them', async () => {
    const owner = await staffSession(c.t, 'owner');
    const made = await apiKey(c.t, ['catalog:read'], owner.call);
    const listed = (await (await c.t.admin('GET', '/admin/api-keys')).json()) as {
      items: { id: string; createdBy: string | null }[];
    };
    expect(listed.items.find((k) => k.id === made.id)?.createdBy).toBe(owner.id);
  });
});
