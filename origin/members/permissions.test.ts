import { describe, expect, it } from 'vitest';
import { lockSeconds } from '../platform/credentials/login-throttle';
import {
  allows,
  PERMISSIONS,
  permissionsOf,
  ROLE_PERMISSIONS,
  ROUTE_PERMISSIONS,
  routeKey,
  STAFF_ROLES,
} from './permissions';

describe('roles', () => {
  it('gives the owner every permission', () => {
    expect(permissionsOf('owner').sort()).toEqual([...PERMISSIONS].sort());
  });

  it('keeps staff and API key administration to the owner', () => {
    for (const role of STAFF_ROLES.filter((r) => r !== 'owner')) {
      expect(permissionsOf(role), role).not.toContain('staff:admin');
    }
  });

  it('lets the catalog team change products, prices and stock, and only read orders', () => {
    expect(permissionsOf('catalog')).toEqual(
      expect.arrayContaining(['catalog:read', 'catalog:write', 'inventory:write', 'orders:read']),
    );
    for (const p of ['orders:write', 'fulfilment:write', 'payments:refund', 'payments:write'] as const) {
      expect(permissionsOf('catalog')).not.toContain(p);
    }
  });

  it('lets fulfilment ship and move orders, but never change the catalog, prices or money', () => {
    expect(permissionsOf('fulfilment')).toEqual(
      expect.arrayContaining(['fulfilment:write', 'orders:read', 'orders:write', 'catalog:read']),
    );
    for (const p of ['catalog:write', 'payments:refund', 'payments:write', 'shipping:write'] as const) {
      expect(permissionsOf('fulfilment')).not.toContain(p);
    }
  });

  it('lets support read orders and refund, but not ship, capture or edit the catalog', () => {
    expect(permissionsOf('support')).toEqual(expect.arrayContaining(['orders:read', 'payments:refund']));
    for (const p of ['fulfilment:write', 'orders:write', 'payments:write', 'catalog:write'] as const) {
      expect(permissionsOf('support')).not.toContain(p);
    }
  });

  it('maps every role to known permissions only', () => {
    for (const perms of Object.values(ROLE_PERMISSIONS)) for (const p of perms) expect(PERMISSIONS).toContain(p);
  });
});

describe('the route table', () => {
  it('names only known permissions and well-formed routes', () => {
    for (const [key, required] of Object.entries(ROUTE_PERMISSIONS)) {
      expect(key).toMatch(/^(GET|POST|PUT|PATCH|DELETE) \/admin\/[a-z0-9/{}A-Z-]+$/);
      expect(['public', 'authenticated', ...PERMISSIONS], key).toContain(required);
    }
  });

  it('keeps login the only public route', () => {
    expect(Object.entries(ROUTE_PERMISSIONS).filter(([, r]) => r === 'public')).toEqual([
      ['POST /admin/auth/login', 'public'],
    ]);
  });

  it('turns Hono paths into OpenAPI keys', () => {
    expect(routeKey('get', '/admin/orders/:id')).toBe('GET /admin/orders/{id}');
    expect(routeKey('DELETE', '/admin/variants/:variantId/prices/:currency')).toBe(
      'DELETE /admin/variants/{variantId}/prices/{currency}',
    );
  });

  it('allows a permission only to holders, and public/authenticated to anyone identified', () => {
    expect(allows(['orders:read'], 'orders:read')).toBe(true);
    expect(allows(['orders:read'], 'orders:write')).toBe(false);
    expect(allows([], 'authenticated')).toBe(true);
    expect(allows([], 'public')).toBe(true);
  });
});

describe('login backoff', () => {
  it('is free for the first four failures, then doubles from 1 s up to 15 min', () => {
    expect([1, 2, 3, 4].map(lockSeconds)).toEqual([0, 0, 0, 0]);
    expect([5, 6, 7, 8].map(lockSeconds)).toEqual([1, 2, 4, 8]);
    expect(lockSeconds(40)).toBe(900);
  });
});
