/**
 * The bridge speaks the Upstash REST protocol the way `@upstash/redis` expects: checked both
 * on the wire (raw fetch) and through the client. Needs Redis: skipped unless TEST_DATABASE is
 * set (npm run test:services).
 */
import { Redis } from '@upstash/redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteKeys, startUpstashRedisBridge, type UpstashRedisBridge } from './upstash-redis-bridge';

describe.skipIf(!process.env.TEST_DATABASE)('Upstash REST bridge to Redis', () => {
  const prefix = `edgeshop-bridge-test:${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}:`;
  const key = (name: string) => `${prefix}${name}`;
  const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');
  let bridge: UpstashRedisBridge;
  let redis: Redis;

  const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${bridge.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bridge.token}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  };
  const base64 = { 'Upstash-Encoding': 'base64' };

  beforeAll(async () => {
    bridge = await startUpstashRedisBridge();
    redis = new Redis({ url: bridge.url, token: bridge.token, retry: false });
  });
  afterAll(async () => {
    if (!bridge) return;
    await deleteKeys(bridge.redis, `${prefix}*`);
    await bridge.close();
  });

  describe('auth', () => {
    it('refuses a missing or wrong bearer token with 401 and touches nothing', async () => {
      const body = JSON.stringify(['SET', key('auth'), 'v']);
      const none = await fetch(bridge.url, { method: 'POST', body });
      const wrong = await fetch(bridge.url, { method: 'POST', body, headers: { authorization: 'Bearer nope' } });
      expect([none.status, wrong.status]).toEqual([401, 401]);
      expect(await wrong.json()).toEqual({ error: 'Unauthorized' });
      expect(await bridge.redis.call('EXISTS', key('auth'))).toBe(0);
    });

    it('makes the client throw on a wrong token', async () => {
      const stranger = new Redis({ url: bridge.url, token: 'nope', retry: false });
      await expect(stranger.get(key('x'))).rejects.toThrow(/Unauthorized/);
    });
  });

  describe('encoding', () => {
    it('base64-encodes strings, leaves a top-level OK, integers and nil alone', async () => {
      expect(await post('/', ['SET', key('enc'), 'héllo ✓'], base64)).toEqual({ status: 200, body: { result: 'OK' } });
      expect((await post('/', ['GET', key('enc')], base64)).body).toEqual({ result: b64('héllo ✓') });
      expect((await post('/', ['STRLEN', key('enc')], base64)).body).toEqual({ result: 10 });
      expect((await post('/', ['GET', key('absent')], base64)).body).toEqual({ result: null });
      expect((await post('/', ['PING'], base64)).body).toEqual({ result: b64('PONG') });
    });

    it('encodes the bytes as stored, even when they are not UTF-8', async () => {
      const bytes = Buffer.from([0xff, 0x00, 0xfe, 0x41]);
      await bridge.redis.call('SET', key('bin'), bytes);
      expect((await post('/', ['GET', key('bin')], base64)).body).toEqual({ result: bytes.toString('base64') });
    });

    it('encodes strings inside arrays at every depth, status strings included', async () => {
      await post('/', ['RPUSH', key('list'), 'a', 'OK', 'c']);
      expect((await post('/', ['LRANGE', key('list'), 0, -1], base64)).body).toEqual({
        result: [b64('a'), b64('OK'), b64('c')],
      });
      const scan = (await post('/', ['SCAN', 0, 'MATCH', key('list'), 'COUNT', 10_000], base64)).body;
      expect(scan).toEqual({ result: [b64('0'), [b64(key('list'))]] });
    });

    it('answers plain JSON strings without the header', async () => {
      await post('/', ['SET', key('plain'), 'v1']);
      expect((await post('/', ['GET', key('plain')])).body).toEqual({ result: 'v1' });
      expect((await post('/', ['MGET', key('plain'), key('absent')])).body).toEqual({ result: ['v1', null] });
    });

    it('round-trips text, numbers and nested arrays through the client', async () => {
      await redis.set(key('text'), 'grüße 🛒');
      expect(await redis.get(key('text'))).toBe('grüße 🛒');
      await redis.set(key('json'), { a: [1, 'two'] });
      expect(await redis.get(key('json'))).toEqual({ a: [1, 'two'] });
      await redis.hset(key('hash'), { f: 'v', n: 3 });
      expect(await redis.hgetall(key('hash'))).toEqual({ f: 'v', n: 3 });
      await redis.zadd(key('z'), { score: 1.5, member: 'm' });
      expect(await redis.zrange(key('z'), 0, -1, { withScores: true })).toEqual(['m', 1.5]);
      expect(await redis.scan(0, { match: key('hash'), count: 10_000 })).toEqual(['0', [key('hash')]]);
      expect(await redis.set(key('text'), 'x', { nx: true })).toBeNull();
    });
  });

  describe('errors', () => {
    it('answers a refused command with 400 and its Redis error, which the client throws', async () => {
      await redis.set(key('str'), 'not a number');
      const res = await post('/', ['INCR', key('str')]);
      expect(res).toEqual({ status: 400, body: { error: 'ERR value is not an integer or out of range' } });
      await expect(redis.incr(key('str'))).rejects.toThrow(/not an integer/);
    });

    it('refuses commands that would change or block the shared connection', async () => {
      for (const command of [['SELECT', 1], ['MULTI'], ['BLPOP', key('q'), 0], ['SUBSCRIBE', 'c']]) {
        expect((await post('/', command)).status).toBe(400);
      }
      expect((await post('/', 'GET')).status).toBe(400);
      expect(await redis.ping()).toBe('PONG');
    });
  });

  describe('pipeline', () => {
    it('runs every command in order and reports each result or error in its place', async () => {
      await redis.set(key('p-str'), 'text');
      const res = await post(
        '/pipeline',
        [
          ['SET', key('p-n'), 41],
          ['INCR', key('p-n')],
          ['INCR', key('p-str')],
          ['GET', key('p-n')],
        ],
        base64,
      );
      expect(res).toEqual({
        status: 200,
        body: [
          { result: 'OK' },
          { result: 42 },
          { error: 'ERR value is not an integer or out of range' },
          { result: b64('42') },
        ],
      });
    });

    it('works through the client, keeping errors when asked', async () => {
      const p = redis.pipeline();
      p.set(key('cp'), 'v');
      p.get(key('cp'));
      p.incr(key('cp'));
      p.lrange(key('absent'), 0, -1);
      const results = await p.exec({ keepErrors: true });
      expect(results.map((r) => r.result)).toEqual(['OK', 'v', undefined, []]);
      expect(results[2]?.error).toMatch(/not an integer/);
      await expect(redis.pipeline().set(key('cp2'), 'v').incr(key('cp2')).exec()).rejects.toThrow(/Command 2/);
    });
  });

  describe('multi-exec', () => {
    it('runs the commands as one transaction', async () => {
      const results = await redis.multi().set(key('m'), 1).incr(key('m')).incr(key('m')).get(key('m')).exec();
      expect(results).toEqual(['OK', 2, 3, 3]);
    });

    it('lets nothing else in between its commands', async () => {
      // 20 transactions of "read, then overwrite with a marker of its own" while 100 plain
      // INCRs hammer the same key: every transaction must read back its own marker.
      await redis.set(key('iso'), 0);
      const tx = (i: number) => redis.multi().set(key('iso'), `tx${i}`).get(key('iso')).set(key('iso'), 0).exec();
      const [txs] = await Promise.all([
        Promise.all(Array.from({ length: 20 }, (_, i) => tx(i))),
        Promise.all(Array.from({ length: 100 }, () => redis.incr(key('iso')).catch(() => null))),
      ]);
      txs.forEach((r, i) => {
        expect(r).toEqual(['OK', `tx${i}`, 'OK']);
      });
    });

    it('reports a failed command in place and still applies the others', async () => {
      await redis.set(key('m-str'), 'text');
      const res = await post('/multi-exec', [
        ['SET', key('m2'), 'a'],
        ['INCR', key('m-str')],
        ['GET', key('m2')],
      ]);
      expect(res).toEqual({
        status: 200,
        body: [{ result: 'OK' }, { error: 'ERR value is not an integer or out of range' }, { result: 'a' }],
      });
    });

    it('applies nothing when a command is malformed (EXECABORT), answering 400', async () => {
      const res = await post('/multi-exec', [['SET', key('m3'), 'a'], ['GET']]);
      expect(res.status).toBe(400);
      expect((res.body as { error: string }).error).toMatch(/wrong number of arguments/);
      expect(await redis.exists(key('m3'))).toBe(0);
      // The shared connection is back to normal afterwards.
      expect(await redis.ping()).toBe('PONG');
    });
  });
});
