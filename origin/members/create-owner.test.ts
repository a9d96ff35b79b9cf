import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client';
import { createTestDatabase } from '../../test/support/db';
import { verifyPassword } from '../platform/credentials/password';
import { createOwner } from './create-owner';
import { findStaffByEmail } from './staff';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle.close());

const input = (email: string, extra: Partial<Parameters<typeof createOwner>[1]> = {}) => ({
  email,
  password: 'first owner password',
  iterations: 1000,
  ...extra,
});

describe('createOwner (npm run admin:create-owner)', () => {
  it('creates the first owner, then refuses a second one unless forced', async () => {
    const first = await createOwner(handle.db, input('Owner@Shop.test'));
    expect(first).toMatchObject({
      ok: true,
      value: { action: 'created', staff: { email: 'owner@shop.test', role: 'owner' } },
    });
    expect(await createOwner(handle.db, input('second@shop.test'))).toMatchObject({ ok: false, code: 'owner_exists' });
    expect(await createOwner(handle.db, input('second@shop.test', { force: true }))).toMatchObject({
      ok: true,
      value: { action: 'created' },
    });
  });

  it('forced on an existing email, resets it to an enabled owner with the new password', async () => {
    const reset = await createOwner(
      handle.db,
      input('owner@shop.test', { force: true, password: 'a brand new password' }),
    );
    expect(reset).toMatchObject({ ok: true, value: { action: 'reset' } });
    const row = await findStaffByEmail(handle.db, 'owner@shop.test');
    expect(await verifyPassword('a brand new password', row?.passwordHash ?? '')).toBe(true);
    expect(await verifyPassword('first owner password', row?.passwordHash ?? '')).toBe(false);
  });

  it('refuses a short password', async () => {
    expect(await createOwner(handle.db, input('x@shop.test', { password: 'short', force: true }))).toMatchObject({
      ok: false,
      code: 'weak_password',
    });
  });
});
