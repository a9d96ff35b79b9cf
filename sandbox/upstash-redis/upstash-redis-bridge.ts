/**
 * Stands in for Upstash Redis, the cache and session store production reaches over HTTP
 * (`UPSTASH_REDIS_REST_URL`): its REST protocol in front of a real Redis, so `@upstash/redis`
 * (and the UpstashCache adapter) are tested against real Redis semantics: expiry, atomic INCR,
 * transactions. The subset it speaks, as the client uses it:
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
 * All requests share one Redis connection (ioredis): replies come back in order and a
 * transaction's commands are written in one go (MULTI … EXEC), so nothing interleaves with them.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis, Command as RedisCommand } from 'ioredis';

/** What Redis answers with bulk strings kept as bytes (`callBuffer`): the bridge encodes them. */
type RespReply = Buffer | string | number | null | Error | RespReply[];

export interface UpstashRedisBridge {
  /** Base URL for `new Redis({ url, token })`. */
  url: string;
  token: string;
  /** The bridge's own Redis connection, for inspecting and cleaning up. */
  redis: Redis;
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
  if (reply instanceof Error) return reply.message; // an error inside an array (rare): its text
  const text = typeof reply === 'string' ? reply : reply.toString('utf8');
  // Status replies: only a top-level OK travels plain, as the real service (and decoder) do.
  if (top && text === 'OK') return text;
  if (!base64) return text;
  return (typeof reply === 'string' ? Buffer.from(reply) : reply).toString('base64');
}

/**
 * A command whose reply comes back as Redis sent it: bulk strings as bytes, and none of
 * ioredis's conveniences (it turns HGETALL into an object), so the bridge encodes what
 * the real service would.
 */
function raw([name, ...args]: string[]): RedisCommand {
  const command = new RedisCommand(name as string, args);
  command.transformReply = (reply) => reply;
  return command;
}

/** Adds a raw command to a pipeline or MULTI (both are ioredis Pipelines; the type hides it). */
function queue(batch: unknown, command: string[]): void {
  (batch as { sendCommand(c: RedisCommand): unknown }).sendCommand(raw(command));
}

/** One command's answer inside a pipeline or transaction. */
function entry([error, reply]: [Error | null, unknown], base64: boolean): { result: Json } | { error: string } {
  return error ? { error: error.message } : { result: encode(reply as RespReply, base64) };
}

async function run(redis: Redis, path: string, body: unknown, base64: boolean): Promise<[number, unknown]> {
  if (path === '/') {
    try {
      return [200, { result: encode((await redis.sendCommand(raw(toCommand(body)))) as RespReply, base64) }];
    } catch (e) {
      return [400, { error: (e as Error).message }];
    }
  }
  if (path === '/pipeline') {
    const batch = redis.pipeline();
    for (const command of toCommands(body)) queue(batch, command);
    return [200, ((await batch.exec()) ?? []).map((r) => entry(r, base64))];
  }
  if (path === '/multi-exec') {
    const transaction = redis.multi();
    for (const command of toCommands(body)) queue(transaction, command);
    try {
      const replies = await transaction.exec();
      if (!replies) return [400, { error: 'EXECABORT Transaction discarded' }];
      return [200, replies.map((r) => entry(r, base64))];
    } catch (e) {
      // A command refused while queueing aborts the whole transaction: its own error is the answer.
      const queued = (e as { previousErrors?: Error[] }).previousErrors?.[0];
      return [400, { error: (queued ?? (e as Error)).message }];
    }
  }
  return [404, { error: `ERR unknown path ${path}` }];
}

/** Deletes every key matching `pattern` (SCAN, not KEYS: fine on a shared server). */
export async function deleteKeys(redis: Redis, pattern: string): Promise<number> {
  let deleted = 0;
  for await (const keys of redis.scanStream({ match: pattern, count: 1000 })) {
    if ((keys as string[]).length > 0) deleted += await redis.del(...(keys as string[]));
  }
  return deleted;
}

/** Starts the bridge on a free loopback port, in front of `redisUrl` (`redis://host:port/db`). */
export async function startUpstashRedisBridge(
  options: { redisUrl?: string; token?: string } = {},
): Promise<UpstashRedisBridge> {
  const token = options.token ?? `bridge-${Math.random().toString(36).slice(2)}`;
  const redis = new Redis(options.redisUrl ?? process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', {
    maxRetriesPerRequest: 1,
  });
  await redis.ping();
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
      await redis.quit();
    },
  };
}
