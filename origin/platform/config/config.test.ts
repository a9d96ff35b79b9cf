import { describe, expect, it } from 'vitest';
import { DEV_AUTH_TOKEN_KEYS } from '../../../contract/access-token';
import { loadConfig } from './config';

/** What `npm start` sets: development defaults for everything else, on the default loopback HOST. */
const DEV = { NODE_ENV: 'development' };

/** Every setting production requires, with values it accepts. */
const PRODUCTION = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://db/x',
  INTERNAL_SECRET: 'b'.repeat(40),
  ORDER_TOKEN_SECRET: 'c'.repeat(40),
  AUTH_TOKEN_KEYS: `k1:${'f'.repeat(40)}`,
  SANDBOX_CARD_WEBHOOK_SECRET: 'd'.repeat(40),
  SANDBOX_CARRIER_WEBHOOK_SECRET: 'e'.repeat(40),
};

describe('production or development: the start-up decision', () => {
  const REQUIRED = [
    'INTERNAL_SECRET',
    'ORDER_TOKEN_SECRET',
    'AUTH_TOKEN_KEYS',
    'SANDBOX_CARD_WEBHOOK_SECRET',
    'SANDBOX_CARRIER_WEBHOOK_SECRET',
    'DATABASE_URL',
  ];

  it('refuses to start with NODE_ENV unset and no secrets, naming every missing setting', () => {
    for (const env of [{}, { NODE_ENV: '' }]) {
      let message = '';
      try {
        loadConfig(env);
      } catch (e) {
        message = (e as Error).message;
      }
      for (const name of REQUIRED) expect(message, name).toContain(`  ${name}: `);
      expect(message).toMatch(/NODE_ENV is unset, so production rules apply.*set NODE_ENV=development/s);
    }
  });

  it('treats unset NODE_ENV as production: the same settings start it, with no development defaults', () => {
    const { NODE_ENV: _, ...unset } = PRODUCTION;
    const c = loadConfig(unset);
    expect(c).toMatchObject({ mode: 'production', production: true, adminToken: null });
    expect(c.orderTokenSecret).toBe('c'.repeat(40));
  });

  it('starts in production with every setting given, on any address', () => {
    const c = loadConfig({ ...PRODUCTION, HOST: '0.0.0.0', ADMIN_TOKEN: 'a'.repeat(40) });
    expect(c).toMatchObject({ mode: 'production', production: true, host: '0.0.0.0', adminToken: 'a'.repeat(40) });
  });

  it('uses development defaults with NODE_ENV=development on 127.0.0.1, ::1 or localhost', () => {
    for (const host of [undefined, '127.0.0.1', '::1', 'localhost']) {
      const c = loadConfig({ ...DEV, ...(host ? { HOST: host } : {}) });
      expect(c, host).toMatchObject({
        mode: 'development',
        production: false,
        adminToken: 'dev-admin-token',
        internalSecret: 'dev-internal-secret',
        orderTokenSecret: 'dev-order-token-secret',
      });
    }
  });

  it('refuses NODE_ENV=development or test on a non-loopback address, even with real secrets', () => {
    for (const mode of ['development', 'test']) {
      for (const host of ['0.0.0.0', '::', '10.1.2.3', 'shop.example.com']) {
        expect(() => loadConfig({ NODE_ENV: mode, HOST: host }), `${mode} ${host}`).toThrow(
          /HOST: NODE_ENV=(development|test) uses development defaults.*loopback address only/,
        );
        expect(() => loadConfig({ ...PRODUCTION, NODE_ENV: mode, HOST: host })).toThrow(/HOST/);
      }
    }
  });

  it('counts NODE_ENV=test (set by vitest) as asking for development defaults, on loopback only', () => {
    expect(loadConfig({ NODE_ENV: 'test' })).toMatchObject({ mode: 'test', production: false });
    expect(() => loadConfig({ NODE_ENV: 'test', HOST: '0.0.0.0' })).toThrow(/HOST/);
  });

  it('refuses an unknown NODE_ENV rather than guessing', () => {
    expect(() => loadConfig({ ...PRODUCTION, NODE_ENV: 'staging' })).toThrow(/NODE_ENV/);
  });
});

describe('loadConfig', () => {
  it('runs locally with documented defaults and no other variable than NODE_ENV=development', () => {
    const c = loadConfig(DEV);
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
    const c = loadConfig({ ...DEV, UPSTASH_REDIS_REST_URL: 'https://x.upstash.io', UPSTASH_REDIS_REST_TOKEN: 't' });
    expect(c.upstash).toEqual({ url: 'https://x.upstash.io', token: 't' });
    expect(() => loadConfig({ ...DEV, UPSTASH_REDIS_REST_URL: 'https://x.upstash.io' })).toThrow(
      /UPSTASH_REDIS_REST_TOKEN/,
    );
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

    it('keeps the documented development default when unset in development', () => {
      expect(loadConfig(DEV).adminToken).toBe('dev-admin-token');
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
    expect(loadConfig(DEV).staff).toEqual({
      passwordIterations: 600_000,
      sessionTtlSeconds: 8 * 3600,
      loginAddressLimit: { attempts: 20, windowSeconds: 60 },
    });
    expect(loadConfig({ ...DEV, STAFF_PASSWORD_ITERATIONS: '1000' }).staff.passwordIterations).toBe(1000);
    expect(() => loadConfig({ ...DEV, STAFF_PASSWORD_ITERATIONS: '10' })).toThrow(/STAFF_PASSWORD_ITERATIONS/);
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

  it('limits staff logins per client address (20 a minute by default, 0 turns it off)', () => {
    expect(loadConfig({ ...DEV, STAFF_LOGIN_ADDRESS_LIMIT: '5/300' }).staff.loginAddressLimit).toEqual({
      attempts: 5,
      windowSeconds: 300,
    });
    expect(loadConfig({ ...DEV, STAFF_LOGIN_ADDRESS_LIMIT: '0' }).staff.loginAddressLimit).toBeNull();
    expect(() => loadConfig({ ...DEV, STAFF_LOGIN_ADDRESS_LIMIT: 'lots' })).toThrow(/STAFF_LOGIN_ADDRESS_LIMIT/);
  });

  it('reads client addresses from the socket unless CLIENT_ADDRESS_HEADER names a proxy header', () => {
    expect(loadConfig(DEV).clientAddressHeader).toBeNull();
    expect(loadConfig({ ...DEV, CLIENT_ADDRESS_HEADER: 'X-Forwarded-For' }).clientAddressHeader).toBe(
      'x-forwarded-for',
    );
    expect(() => loadConfig({ ...DEV, CLIENT_ADDRESS_HEADER: 'bad header' })).toThrow(/CLIENT_ADDRESS_HEADER/);
  });

  it('names every invalid variable in one message', () => {
    expect(() => loadConfig({ ...DEV, PORT: 'eighty', STORE_CURRENCY: 'usd' })).toThrow(/PORT[\s\S]*STORE_CURRENCY/);
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
    expect(loadConfig(DEV).customers.authKeys.current.kid).toBe('dev-1');
    const ring = loadConfig({ ...DEV, AUTH_TOKEN_KEYS: `new:${'n'.repeat(32)}, old:${'o'.repeat(32)}` }).customers
      .authKeys;
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
    expect(loadConfig(DEV).customers.passwordIterations).toBe(600_000);
    expect(() =>
      loadConfig({ ...production, AUTH_TOKEN_KEYS: `k1:${'x'.repeat(40)}`, CUSTOMER_PASSWORD_ITERATIONS: '100000' }),
    ).toThrow(/CUSTOMER_PASSWORD_ITERATIONS/);
  });
});
