/**
 * The Upstash Redis REST protocol in front of a real Redis, so `@upstash/redis` (and the
 * UpstashCache adapter) can be tested against real Redis semantics: expiry, atomic INCR,
 * transactions. Test support only.
 *
 * - `POST /` takes one command as a JSON array (`["SET","k","v","EX",60]`) and answers
 *   `{ result }`, or `{ error }` with 400 when Redis refuses it;
 * - `POST /pipeline` takes an array of commands and answers an array of `{ result }`/`{ error }`;
 * - `POST /multi-exec` does the same inside MULTI/EXEC (400 when the transaction is aborted);
 * - `Authorization: Bearer <token>` is required (401 otherwise);
 * - with `Upstash-Encoding: base64` (the client's default) string results are base64 of their
 *   bytes, except a top-level `OK` status, matching the client's decoder exactly: it passes a
 *   top-level `"OK"` through and base64-decodes every other string, in arrays at any depth.
 *
 * All requests share one Redis connection: replies come back in order and a transaction's
 * commands are written in one go, so nothing interleaves with them.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connectResp, type RespClient, RespError, type RespReply } from './resp-client';

export interface UpstashRedisBridge {
  /** Base URL for `new Redis({ url, token })`. */
  url: string;
  token: string;
  /** The bridge's own Redis connection, for inspecting and cleaning up. */
  redis: RespClient;
  close(): Promise<void>;
}

/** Commands that would change the shared connection's state or block it for everyone. */
const REFUSED = new Set([
  'MULTI',
  'EXEC',
  'DISCARD',
  'WATCH',
  'UNWATCH',
  'SELECT',
  'SUBSCRIBE',
  'PSUBSCRIBE',
  'SSUBSCRIBE',
  'MONITOR',
  'BLPOP',
  'BRPOP',
  'BLMOVE',
  'BRPOPLPUSH',
  'BZPOPMIN',
  'BZPOPMAX',
  'BLMPOP',
  'BZMPOP',
  'XREAD',
  'XREADGROUP',
  'WAIT',
  'QUIT',
  'RESET',
  'HELLO',
  'CLIENT',
]);

type Command = (string | number | boolean)[];
type Json = string | number | null | Json[];

class BadRequest extends Error {}

function toCommand(value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0 || typeof value[0] !== 'string') {
    throw new BadRequest('ERR a command is a non-empty JSON array starting with its name');
  }
  for (const arg of value as Command) {
    if (!['string', 'number', 'boolean'].includes(typeof arg)) throw new BadRequest('ERR arguments must be scalars');
  }
  const command = (value as Command).map(String);
  if (REFUSED.has((command[0] as string).toUpperCase())) {
    throw new BadRequest(`ERR command ${command[0]} is not supported by the bridge`);
  }
  return command;
}

function toCommands(value: unknown): string[][] {
  if (!Array.isArray(value) || value.length === 0) throw new BadRequest('ERR expected a JSON array of commands');
  return value.map(toCommand);
}

/** A reply as JSON; `top` is the command's own result (not an element of an array reply). */
function encode(reply: RespReply, base64: boolean, top = true): Json {
  if (reply === null || typeof reply === 'number') return reply;
  if (Array.isArray(reply)) return reply.map((r) => encode(r, base64, false));
  if (reply instanceof RespError) return reply.message; // an error inside an array (rare): its text
  if (typeof reply === 'string') {
    // Status replies: only a top-level OK travels plain, as the real service (and decoder) do.
    return base64 && !(top && reply === 'OK') ? Buffer.from(reply).toString('base64') : reply;
  }
  return reply.toString(base64 ? 'base64' : 'utf8');
}

/** One command's answer inside a pipeline or transaction. */
function entry(reply: RespReply, base64: boolean): { result: Json } | { error: string } {
  return reply instanceof RespError ? { error: reply.message } : { result: encode(reply, base64) };
}

async function run(redis: RespClient, path: string, body: unknown, base64: boolean): Promise<[number, unknown]> {
  if (path === '/') {
    const [reply] = await redis.send([toCommand(body)]);
    return reply instanceof RespError
      ? [400, { error: reply.message }]
      : [200, { result: encode(reply as RespReply, base64) }];
  }
  if (path === '/pipeline') {
    const replies = await redis.send(toCommands(body));
    return [200, replies.map((r) => entry(r, base64))];
  }
  if (path === '/multi-exec') {
    const commands = toCommands(body);
    const replies = await redis.send([['MULTI'], ...commands, ['EXEC']]);
    const exec = replies.at(-1);
    const queued = replies.slice(1, -1).find((r) => r instanceof RespError);
    if (exec instanceof RespError) return [400, { error: (queued ?? exec).message }];
    if (!Array.isArray(exec)) return [400, { error: 'EXECABORT Transaction discarded' }];
    return [200, exec.map((r) => entry(r, base64))];
  }
  return [404, { error: `ERR unknown path ${path}` }];
}

/** Starts the bridge on a free loopback port, in front of `redisUrl` (`redis://host:port/db`). */
export async function startUpstashRedisBridge(
  options: { redisUrl?: string; token?: string } = {},
): Promise<UpstashRedisBridge> {
  const token = options.token ?? `bridge-${Math.random().toString(36).slice(2)}`;
  const redis = await connectResp(options.redisUrl ?? process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const reply = (status: number, body: unknown) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (req.headers.authorization !== `Bearer ${token}`) return reply(401, { error: 'Unauthorized' });
      if (req.method !== 'POST') return reply(405, { error: 'ERR only POST is supported by the bridge' });
      const base64 = String(req.headers['upstash-encoding'] ?? '').toLowerCase() === 'base64';
      const path = new URL(req.url ?? '/', 'http://bridge').pathname;
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null');
        reply(...(await run(redis, path, body, base64)));
      } catch (e) {
        const status = e instanceof BadRequest || e instanceof SyntaxError ? 400 : 500;
        reply(status, { error: e instanceof Error ? e.message : String(e) });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    redis,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await redis.close();
    },
  };
}
