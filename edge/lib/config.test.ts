import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { parseAllowedOrigins, parseRateLimit, readConfig } from './config';

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
  });
});
