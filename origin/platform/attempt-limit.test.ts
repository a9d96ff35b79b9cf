import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { attemptLimit, parseAttemptLimit } from './attempt-limit';
import { MemoryCache } from './cache/memory-cache';
import { UpstashCache } from './cache/upstash-cache';

describe('parseAttemptLimit', () => {
  it('reads <attempts>/<seconds>, <attempts> per minute, and 0 as off', () => {
    expect(parseAttemptLimit('20/60')).toEqual({ attempts: 20, windowSeconds: 60 });
    expect(parseAttemptLimit(' 5 ')).toEqual({ attempts: 5, windowSeconds: 60 });
    expect(parseAttemptLimit('0')).toBeNull();
    for (const bad of ['', 'ten', '5/0', '-1', '5/', '1.5']) expect(() => parseAttemptLimit(bad), bad).toThrow();
  });
});

describe('attemptLimit', () => {
  it('lets `attempts` through per window and key, then says how long until the window ends', async () => {
    let now = 120_000; // the start of a 60 s window
    const clock = () => now;
    const limit = attemptLimit(new MemoryCache(1000, clock), 'test', { attempts: 3, windowSeconds: 60 }, clock);
    for (let i = 0; i < 3; i++) expect(await limit.take('198.51.100.1')).toBe(0);
    now += 15_500;
    expect(await limit.take('198.51.100.1')).toBe(45);
    expect(await limit.take('198.51.100.2')).toBe(0);
    now = 180_000; // the next window
    expect(await limit.take('198.51.100.1')).toBe(0);
  });

  it('counts every one of concurrent attempts (atomic increment)', async () => {
    const limit = attemptLimit(new MemoryCache(), 'test', { attempts: 5, windowSeconds: 60 });
    const waits = await Promise.all(Array.from({ length: 12 }, () => limit.take('203.0.113.9')));
    expect(waits.filter((w) => w === 0)).toHaveLength(5);
  });

  it('lets attempts through while the cache is down', async () => {
    // The production adapter against a Redis REST endpoint that answers every command with an error.
    const server = createServer((_req, res) => {
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'down for maintenance' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const down = new UpstashCache({ url: `http://127.0.0.1:${port}`, token: 'unused' });
      const limit = attemptLimit(down, 'test', { attempts: 1, windowSeconds: 60 });
      expect(await limit.take('x')).toBe(0);
      expect(await limit.take('x')).toBe(0);
    } finally {
      server.close();
    }
  });
});
