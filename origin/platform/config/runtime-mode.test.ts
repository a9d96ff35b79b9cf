import { describe, expect, it } from 'vitest';
import { developmentHostRefusal, isLoopbackHost, runtimeMode } from './runtime-mode';

describe('runtime mode', () => {
  it('is production unless development or test is named', () => {
    expect(runtimeMode(undefined)).toBe('production');
    expect(runtimeMode('')).toBe('production');
    expect(runtimeMode('production')).toBe('production');
    expect(runtimeMode('development')).toBe('development');
    expect(runtimeMode('test')).toBe('test');
  });

  it('tells loopback hosts from every other address', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', '::1', '[::1]', '::ffff:127.0.0.1']) {
      expect(isLoopbackHost(host), host).toBe(true);
    }
    for (const host of [
      '0.0.0.0',
      '::',
      '10.0.0.5',
      '192.168.1.2',
      'shop.example.com',
      '127.0.0.256',
      '128.0.0.1',
      '',
    ]) {
      expect(isLoopbackHost(host), host).toBe(false);
    }
  });

  it('refuses development defaults on a non-loopback address, in development and test alike', () => {
    expect(developmentHostRefusal('development', '127.0.0.1')).toBeNull();
    expect(developmentHostRefusal('test', '::1')).toBeNull();
    expect(developmentHostRefusal('production', '0.0.0.0')).toBeNull();
    expect(developmentHostRefusal('development', '0.0.0.0')).toMatch(/loopback address only .* not 0\.0\.0\.0/);
    expect(developmentHostRefusal('test', '10.0.0.5')).toMatch(/NODE_ENV=test/);
  });
});
