/**
 * A minimal Redis client over node:net speaking RESP2: commands are written as arrays of bulk
 * strings and replies are read back in order. Enough for the Upstash bridge and for tests to
 * look at (and clean up) what they stored; not a general client (no reconnects, no pub/sub).
 */
import net from 'node:net';

/** A `-ERR …` reply. Returned as a value (a pipeline's failed command is not a failure of the rest). */
export class RespError extends Error {}

/**
 * A reply: simple strings as `string`, bulk strings as `Buffer` (bytes, possibly not UTF-8),
 * integers as `number`, nil as `null`, arrays as arrays, errors as `RespError`.
 */
export type RespReply = string | Buffer | number | null | RespError | RespReply[];

export interface RespClient {
  /** Sends commands in one write, so nothing else runs between them; resolves with every reply. */
  send(commands: (string | Buffer)[][]): Promise<RespReply[]>;
  /** One command; rejects with the error reply, if any. */
  call(...args: (string | Buffer)[]): Promise<RespReply>;
  close(): Promise<void>;
}

const CRLF = Buffer.from('\r\n');

function encodeCommand(args: (string | Buffer)[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const arg of args) {
    const bytes = typeof arg === 'string' ? Buffer.from(arg) : arg;
    parts.push(Buffer.from(`$${bytes.length}\r\n`), bytes, CRLF);
  }
  return Buffer.concat(parts);
}

/** Parses one reply at `at`; `undefined` when `buf` does not hold all of it yet. */
function parseReply(buf: Buffer, at: number): { value: RespReply; next: number } | undefined {
  const eol = buf.indexOf(CRLF, at);
  if (eol < 0) return undefined;
  const line = buf.toString('utf8', at + 1, eol);
  switch (String.fromCharCode(buf[at] as number)) {
    case '+':
      return { value: line, next: eol + 2 };
    case '-':
      return { value: new RespError(line), next: eol + 2 };
    case ':':
      return { value: Number(line), next: eol + 2 };
    case '$': {
      const length = Number(line);
      if (length < 0) return { value: null, next: eol + 2 };
      const end = eol + 2 + length;
      if (buf.length < end + 2) return undefined;
      return { value: Buffer.from(buf.subarray(eol + 2, end)), next: end + 2 };
    }
    case '*': {
      const count = Number(line);
      if (count < 0) return { value: null, next: eol + 2 };
      const items: RespReply[] = [];
      let next = eol + 2;
      for (let i = 0; i < count; i++) {
        const item = parseReply(buf, next);
        if (!item) return undefined;
        items.push(item.value);
        next = item.next;
      }
      return { value: items, next };
    }
    default:
      throw new Error(`unexpected RESP reply type in ${JSON.stringify(buf.toString('utf8', at, eol))}`);
  }
}

/** Connects to `redis://host:port/db` (db 0 when absent). */
export async function connectResp(url = 'redis://127.0.0.1:6379'): Promise<RespClient> {
  const u = new URL(url);
  const socket = net.connect({ host: u.hostname, port: Number(u.port || 6379) });
  socket.setNoDelay(true);
  const waiting: ((reply: RespReply) => void)[] = [];
  let buffered = Buffer.alloc(0);
  let failure: Error | null = null;
  socket.on('data', (chunk) => {
    buffered = buffered.length ? Buffer.concat([buffered, chunk]) : chunk;
    let at = 0;
    for (let reply = parseReply(buffered, at); reply; reply = parseReply(buffered, at)) {
      at = reply.next;
      waiting.shift()?.(reply.value);
    }
    buffered = buffered.subarray(at);
  });
  const fail = (err: Error) => {
    failure = err;
    for (const resolve of waiting.splice(0)) resolve(new RespError(`connection lost: ${err.message}`));
  };
  socket.on('error', fail);
  socket.on('close', () => fail(new Error('closed')));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });

  const send = (commands: (string | Buffer)[][]) => {
    if (failure) return Promise.reject(failure);
    const replies = commands.map(() => new Promise<RespReply>((resolve) => waiting.push(resolve)));
    socket.write(Buffer.concat(commands.map(encodeCommand)));
    return Promise.all(replies);
  };
  const call = async (...args: (string | Buffer)[]) => {
    const [reply] = await send([args]);
    if (reply instanceof RespError) throw reply;
    return reply as RespReply;
  };
  const db = u.pathname.slice(1);
  if (db) await call('SELECT', db);
  return {
    send,
    call,
    close: () =>
      new Promise<void>((resolve) => {
        if (socket.destroyed) return resolve();
        socket.once('close', () => resolve());
        socket.end();
      }),
  };
}

/** Deletes every key matching `pattern` (SCAN, not KEYS: fine on a shared server). */
export async function deleteKeys(redis: RespClient, pattern: string): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = (await redis.call('SCAN', cursor, 'MATCH', pattern, 'COUNT', '1000')) as [Buffer, Buffer[]];
    cursor = next.toString();
    if (keys.length > 0) deleted += (await redis.call('DEL', ...keys)) as number;
  } while (cursor !== '0');
  return deleted;
}
