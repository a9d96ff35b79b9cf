/**
 * API keys made with the root token follow that token: they stop when ADMIN_TOKEN is rotated
 * or unset (the same database, the origin restarted with another configuration).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestOrigin, type TestOrigin } from '../../test/support/origin';
import { apiKey, type Caller, FAST_HASHING, staffSession } from '../../test/support/staff';
import { createApp } from '../app';

let t: TestOrigin;
beforeAll(async () => {
  t = await startTestOrigin(FAST_HASHING);
});
afterAll(() => t.close());

/** The same origin (database, cache) restarted with ADMIN_TOKEN set to `rootToken` (null: unset). */
function restartedWith(rootToken: string | null) {
  const app = createApp({ ...t.origin.ctx, config: { ...t.config, adminToken: rootToken } });
  return (key: string) => app.request('/admin/orders', { headers: { authorization: `Bearer ${key}` } });
}

const ROTATED = 'r'.repeat(40);
const ordersWith = (call: Caller) => call('GET', '/admin/orders');

describe('API keys made with the root token', () => {
  it('stop working once ADMIN_TOKEN is rotated or unset', async () => {
    const key = await apiKey(t, ['orders:read']);
    expect((await ordersWith(key.call)).status).toBe(200);
    expect((await restartedWith(ROTATED)(key.key)).status).toBe(401);
    expect((await restartedWith(null)(key.key)).status).toBe(401);
    // Back under the token that made it, it is the same key again.
    expect((await restartedWith(t.config.adminToken)(key.key)).status).toBe(200);
  });

  it('are tied to the token current when they are made, also when a root key makes them', async () => {
    const maker = await apiKey(t, ['staff:admin', 'orders:read']);
    const made = await apiKey(t, ['orders:read'], maker.call);
    expect((await ordersWith(made.call)).status).toBe(200);
    expect((await restartedWith(ROTATED)(made.key)).status).toBe(401);
  });

  it('keys made by staff survive the rotation (they follow their staff member instead)', async () => {
    const owner = await staffSession(t, 'owner');
    const key = await apiKey(t, ['orders:read'], owner.call);
    expect((await restartedWith(ROTATED)(key.key)).status).toBe(200);
    expect((await restartedWith(null)(key.key)).status).toBe(200);
  });
});
