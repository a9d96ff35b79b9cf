import { describe, expect, it } from 'vitest';
import { loadConfig } from './config';
import { DEV_AUTH_TOKEN_KEYS } from './customers/access-token';

describe('loadConfig', () => {
  it('runs locally with documented defaults and no variables at all', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      production: false,
      host: '127.0.0.1',
      port: 8788,
      databaseUrl: undefined,
      adminToken: 'dev-admin-token',
      internalSecret: 'dev-internal-secret',
      edgeUrl: 'http://127.0.0.1:8787',
      storeCurrency: 'USD',
      upstash: null,
    });
  });

  it('chooses Upstash when its URL and token are set', () => {
    const c = loadConfig({ UPSTASH_REDIS_REST_URL: 'https://x.upstash.io', UPSTASH_REDIS_REST_TOKEN: 't' });
    expect(c.upstash).toEqual({ url: 'https://x.upstash.io', token: 't' });
    expect(() => loadConfig({ UPSTASH_REDIS_REST_URL: 'https://x.upstash.io' })).toThrow(/UPSTASH_REDIS_REST_TOKEN/);
  });

  it('refuses to start in production with missing, short or development secrets', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/x' })).toThrow(
      /INTERNAL_SECRET[\s\S]*ORDER_TOKEN_SECRET/,
    );
    expect(() =>
      loadConfig({
        NODE_ENV: 'production',
        DATABASE_URL: 'postgres://db/x',
        ADMIN_TOKEN: 'dev-admin-token',
        INTERNAL_SECRET: 'x'.repeat(40),
        ORDER_TOKEN_SECRET: 'y'.repeat(40),
      }),
    ).toThrow(/ADMIN_TOKEN/);
    expect(() =>
      loadConfig({
        NODE_ENV: 'production',
        ADMIN_TOKEN: 'a'.repeat(40),
        INTERNAL_SECRET: 'b'.repeat(40),
        ORDER_TOKEN_SECRET: 'c'.repeat(40),
      }),
    ).toThrow(/DATABASE_URL/);
    const production = {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://db/x',
      ADMIN_TOKEN: 'a'.repeat(40),
      INTERNAL_SECRET: 'b'.repeat(40),
      ORDER_TOKEN_SECRET: 'c'.repeat(40),
      AUTH_TOKEN_KEYS: `k1:${'f'.repeat(40)}`,
    };
    // The sandboxes' well-known webhook secrets would let anyone forge a payment or a delivery.
    expect(() => loadConfig(production)).toThrow(/SANDBOX_CARD_WEBHOOK_SECRET[\s\S]*SANDBOX_CARRIER_WEBHOOK_SECRET/);
    const ok = loadConfig({
      ...production,
      SANDBOX_CARD_WEBHOOK_SECRET: 'd'.repeat(40),
      SANDBOX_CARRIER_WEBHOOK_SECRET: 'e'.repeat(40),
    });
    expect(ok.production).toBe(true);
  });

  describe('ADMIN_TOKEN, the operator’s root credential', () => {
    const production = {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://db/x',
      INTERNAL_SECRET: 'b'.repeat(40),
      ORDER_TOKEN_SECRET: 'c'.repeat(40),
      SANDBOX_CARD_WEBHOOK_SECRET: 'd'.repeat(40),
      SANDBOX_CARRIER_WEBHOOK_SECRET: 'e'.repeat(40),
      AUTH_TOKEN_KEYS: `k1:${'f'.repeat(40)}`,
    };

    it('keeps the documented development default when unset outside production', () => {
      expect(loadConfig({}).adminToken).toBe('dev-admin-token');
      expect(loadConfig({ NODE_ENV: 'test', ADMIN_TOKEN: 'short-is-fine-locally' }).adminToken).toBe(
        'short-is-fine-locally',
      );
    });

    it('is disabled in production when unset or empty: staff sessions and API keys only', () => {
      expect(loadConfig(production).adminToken).toBeNull();
      expect(loadConfig({ ...production, ADMIN_TOKEN: '' }).adminToken).toBeNull();
    });

    it('is refused in production when short or a development default', () => {
      for (const token of ['dev-admin-token', 'x'.repeat(31), 'dev-internal-secret']) {
        expect(() => loadConfig({ ...production, ADMIN_TOKEN: token }), token).toThrow(/ADMIN_TOKEN/);
      }
      expect(loadConfig({ ...production, ADMIN_TOKEN: 'a'.repeat(32) }).adminToken).toBe('a'.repeat(32));
    });
  });

  it('hashes staff passwords with 600,000 PBKDF2 rounds by default, and never fewer in production', () => {
    expect(loadConfig({}).staff).toEqual({ passwordIterations: 600_000, sessionTtlSeconds: 8 * 3600 });
    expect(loadConfig({ STAFF_PASSWORD_ITERATIONS: '1000' }).staff.passwordIterations).toBe(1000);
    expect(() => loadConfig({ STAFF_PASSWORD_ITERATIONS: '10' })).toThrow(/STAFF_PASSWORD_ITERATIONS/);
    expect(() =>
      loadConfig({
        NODE_ENV: 'production',
        DATABASE_URL: 'postgres://db/x',
        INTERNAL_SECRET: 'b'.repeat(40),
        ORDER_TOKEN_SECRET: 'c'.repeat(40),
        SANDBOX_CARD_WEBHOOK_SECRET: 'd'.repeat(40),
        SANDBOX_CARRIER_WEBHOOK_SECRET: 'e'.repeat(40),
        STAFF_PASSWORD_ITERATIONS: '100000',
      }),
    ).toThrow(/STAFF_PASSWORD_ITERATIONS/);
  });

  it('names every invalid variable in one message', () => {
    expect(() => loadConfig({ PORT: 'eighty', STORE_CURRENCY: 'usd' })).toThrow(/PORT[\s\S]*STORE_CURRENCY/);
  });
});

describe("AUTH_TOKEN_KEYS, the shoppers' access-token key ring", () => {
  const production = {
    NODE_ENV: 'production',
    DATABASE_URL: 'postgres://db/x',
    INTERNAL_SECRET: 'b'.repeat(40),
    ORDER_TOKEN_SECRET: 'c'.repeat(40),
    SANDBOX_CARD_WEBHOOK_SECRET: 'd'.repeat(40),
    SANDBOX_CARRIER_WEBHOOK_SECRET: 'e'.repeat(40),
  };

  it('falls back to the development ring locally and parses a rotation ring (first key signs)', () => {
    expect(loadConfig({}).customers.authKeys.current.kid).toBe('dev-1');
    const ring = loadConfig({ AUTH_TOKEN_KEYS: `new:${'n'.repeat(32)}, old:${'o'.repeat(32)}` }).customers.authKeys;
    expect(ring.current.kid).toBe('new');
    expect([...ring.byKid.keys()]).toEqual(['new', 'old']);
  });

  it('is required in production, never the development ring, never a short key', () => {
    expect(() => loadConfig(production)).toThrow(/AUTH_TOKEN_KEYS/);
    expect(() => loadConfig({ ...production, AUTH_TOKEN_KEYS: DEV_AUTH_TOKEN_KEYS })).toThrow(/AUTH_TOKEN_KEYS/);
    expect(() => loadConfig({ ...production, AUTH_TOKEN_KEYS: 'k1:short' })).toThrow(/AUTH_TOKEN_KEYS/);
    expect(loadConfig({ ...production, AUTH_TOKEN_KEYS: `k1:${'x'.repeat(40)}` }).production).toBe(true);
  });

  it('hashes customer passwords with 600,000 PBKDF2 rounds by default, and never fewer in production', () => {
    expect(loadConfig({}).customers.passwordIterations).toBe(600_000);
    expect(() =>
      loadConfig({ ...production, AUTH_TOKEN_KEYS: `k1:${'x'.repeat(40)}`, CUSTOMER_PASSWORD_ITERATIONS: '100000' }),
    ).toThrow(/CUSTOMER_PASSWORD_ITERATIONS/);
  });
});
