import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { randomClientIp } from '../../test/edge/edge-fetch';
import { app } from '../app';
import { parseAllowedOrigins, parseEnvironment, parseOriginUrl, parseRateLimit, readConfig } from './config';

afterEach(() => vi.restoreAllMocks());

describe('parseRateLimit', () => {
  it('reads requests per minute, or per a number of seconds', () => {
    expect(parseRateLimit('X', '600')).toEqual({ limit: 600, windowMs: 60_000 });
    expect(parseRateLimit('X', '5/10')).toEqual({ limit: 5, windowMs: 10_000 });
  });

  it('switches a class off with 0', () => {
    expect(parseRateLimit('X', '0')).toBeNull();
  });

  it('refuses anything else loudly', () => {
    for (const bad of [undefined, '', 'ten', '-1', '1.5', '10/0', '10/min']) {
      expect(() => parseRateLimit('RATE_LIMIT_X', bad)).toThrow(/RATE_LIMIT_X/);
    }
  });
});

describe('parseAllowedOrigins', () => {
  it('reads a comma-separated list of exact origins; empty means none', () => {
    expect(parseAllowedOrigins('')).toEqual([]);
    expect(parseAllowedOrigins(undefined)).toEqual([]);
    expect(parseAllowedOrigins(' https://shop.example , http://localhost:5173/ ')).toEqual([
      'https://shop.example',
      'http://localhost:5173',
    ]);
  });

  it('refuses wildcards, paths and non-origins', () => {
    for (const bad of ['*', 'https://shop.example/app', 'shop.example', 'https://*.example']) {
      expect(() => parseAllowedOrigins(bad)).toThrow(/CORS_ALLOWED_ORIGINS/);
    }
  });
});

describe('readConfig', () => {
  it('parses the gateway vars of wrangler.toml', () => {
    const config = readConfig(env);
    expect(config.rateLimits.api).toEqual({ limit: 600, windowMs: 60_000 });
    expect(config.rateLimits.checkout).toEqual({ limit: 10, windowMs: 60_000 });
    expect(config.rateLimits.auth).toEqual({ limit: 10, windowMs: 60_000 });
    expect(config.rateLimits.conversations).toEqual({ limit: 10, windowMs: 600_000 });
    expect(config.corsAllowedOrigins).toEqual([]);
    expect(config.chatCredentialCheckMs).toBe(60_000);
  });

  it('refuses a chat credential check interval that is not a whole number of seconds ≥ 1', () => {
    for (const bad of ['0', '-5', '1.5', 'soon', '']) {
      expect(() => readConfig({ ...env, CHAT_CREDENTIAL_CHECK_SECONDS: bad } as Env)).toThrow(
        /CHAT_CREDENTIAL_CHECK_SECONDS/,
      );
    }
  });
});

describe('parseEnvironment', () => {
  it('is production unless development is asked for by name', () => {
    expect(parseEnvironment(undefined)).toBe('production');
    expect(parseEnvironment('')).toBe('production');
    expect(parseEnvironment('production')).toBe('production');
    expect(parseEnvironment('development')).toBe('development');
  });

  it('refuses anything else loudly', () => {
    for (const bad of ['dev', 'Development', 'staging', 'test']) {
      expect(() => parseEnvironment(bad)).toThrow(/ENVIRONMENT/);
    }
  });
});

describe('parseOriginUrl', () => {
  it('takes an https origin anywhere, without trailing slashes', () => {
    expect(parseOriginUrl('https://origin.example.com/', 'production')).toBe('https://origin.example.com');
    expect(parseOriginUrl('https://origin.example.com', 'development')).toBe('https://origin.example.com');
  });

  it('takes plain http in development only: a local origin', () => {
    expect(parseOriginUrl('http://127.0.0.1:8788', 'development')).toBe('http://127.0.0.1:8788');
    expect(parseOriginUrl('http://origin.test', 'development')).toBe('http://origin.test');
    for (const url of ['http://127.0.0.1:8788', 'http://origin.example.com', 'ws://origin.example.com']) {
      expect(() => parseOriginUrl(url, 'production'), url).toThrow(/ORIGIN_URL.*https:\/\/ outside development/);
    }
  });

  it('refuses a missing or relative URL', () => {
    expect(() => parseOriginUrl(undefined, 'development')).toThrow(/ORIGIN_URL/);
    expect(() => parseOriginUrl('origin.example.com', 'development')).toThrow(/ORIGIN_URL/);
  });
});

describe('a production edge with a plain http origin', () => {
  /** The edge app with `vars` over the test bindings, as a deployment with them would run it. */
  const request = (vars: Record<string, string>, path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set('cf-connecting-ip', randomClientIp());
    return app.request(path, { ...init, headers }, { ...env, ...vars } as unknown as Env);
  };

  it('refuses to serve at the first request, saying why in the log', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    // wrangler.toml as it ships: ENVIRONMENT = "production" with the local origin's URL.
    const res = await request({ ENVIRONMENT: 'production', ORIGIN_URL: 'http://127.0.0.1:8788' }, '/api/carts', {
      method: 'POST',
    });
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({ error: { code: 'internal_error' } });
    expect(errors.mock.calls.map((call) => String(call[0])).join('\n')).toMatch(
      /Refusing ORIGIN_URL=\\"http:\/\/127\.0\.0\.1:8788\\" with ENVIRONMENT=production/,
    );
  });

  it('serves once the origin is https', async () => {
    const res = await request({ ENVIRONMENT: 'production', ORIGIN_URL: 'https://origin.example.com' }, '/api/carts', {
      method: 'POST',
    });
    expect(res.status).toBe(201);
  });
});
