/**
 * The embedded database as a local PostgreSQL server: one PGlite (by default the `.data/pglite`
 * directory `npm start` has always used) behind the PostgreSQL wire protocol on 127.0.0.1.
 *
 * Why a server and not PGlite inside the origin: the origin then reaches its local database the
 * way production reaches Neon (a `postgres://` URL through `pg`), PGlite's WebAssembly heap and
 * compiled code stop counting against the origin's memory, and the seed, `psql`, drizzle-kit and
 * a second origin can use the database while the shop runs (an embedded PGlite directory
 * admits one process at a time).
 *
 * PGlite is a single backend, so connections take turns: a connection owns the database from
 * its first message until PGlite answers ReadyForQuery with status idle (`Z` `I`), that is
 * after a whole simple query, after the Sync that ends an extended-protocol batch, or after
 * the COMMIT/ROLLBACK of an explicit transaction. Another connection's messages wait their turn,
 * so transactions never interleave, exactly as with PGlite in process. What a real server
 * keeps per connection is shared here: session settings (`SET` without `LOCAL`), named
 * prepared statements and session-level advisory locks; the codebase uses none of them
 * (transaction-level advisory locks are fine: transactions are serialized).
 * A connection that drops while it owns the database has its extended-protocol batch ended and
 * its transaction rolled back before the next connection goes on.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';

/** Untyped start-up packets: [length][code]. */
const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const PROTOCOL_3 = 196608;
/** A message larger than this is refused (PostgreSQL's own limit for a query is 1 GB). */
const MAX_MESSAGE_BYTES = 256 * 1024 * 1024;
/** Sync: ends a client's extended-protocol batch, leaving PGlite ready for the next one. */
const SYNC = new Uint8Array([0x53, 0, 0, 0, 4]);

export interface LocalServerOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  log?: (message: string) => void;
}

export interface LocalServer {
  host: string;
  port: number;
  /** A `postgres://` URL for `pg`, `psql` or drizzle-kit. */
  url: string;
  /** Connections open right now. */
  connections(): number;
  /** Stops accepting, closes every connection (rolling back what they owned); PGlite stays open. */
  close(): Promise<void>;
}

/** Turn-taking over the single backend: one owner at a time, the others queued in arrival order. */
class Turns {
  owner: Connection | null = null;
  readonly #waiting: Array<{ conn: Connection; grant: () => void }> = [];

  acquire(conn: Connection): Promise<void> {
    if (this.owner === conn) return Promise.resolve();
    if (this.owner === null) {
      this.owner = conn;
      return Promise.resolve();
    }
    return new Promise((grant) => this.#waiting.push({ conn, grant }));
  }

  release(conn: Connection): void {
    if (this.owner !== conn) return;
    const next = this.#waiting.shift();
    this.owner = next?.conn ?? null;
    next?.grant();
  }

  /**
   * A connection that closes while it waits gives up its place; its wait ends (without the
   * turn), so its pump sees it closed and it can be let go.
   */
  forget(conn: Connection): void {
    const index = this.#waiting.findIndex((w) => w.conn === conn);
    if (index !== -1) this.#waiting.splice(index, 1)[0]?.grant();
  }
}

class Connection {
  #buffer: Buffer = Buffer.alloc(0);
  readonly #pending: Uint8Array[] = [];
  #started = false;
  #pumping: Promise<void> | null = null;
  #closed = false;

  constructor(
    readonly socket: Socket,
    readonly pglite: PGlite,
    readonly turns: Turns,
    readonly greeting: Uint8Array,
    readonly onClosed: (conn: Connection) => void,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk) => this.#receive(chunk));
    socket.on('error', () => this.#close());
    socket.on('close', () => this.#close());
  }

  #receive(chunk: Buffer): void {
    if (this.#closed) return;
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    for (;;) {
      const message = this.#nextMessage();
      if (message === null) break;
      if (message === 'refused') return;
      this.#pending.push(message);
    }
    if (this.#pending.length > 0 && !this.#pumping) this.#pumping = this.#pump();
  }

  /** Cuts one whole message off the buffer; start-up requests the server answers itself are handled here. */
  #nextMessage(): Uint8Array | null | 'refused' {
    const buffer = this.#buffer;
    if (!this.#started) {
      if (buffer.length < 8) return null;
      const length = buffer.readInt32BE(0);
      const code = buffer.readInt32BE(4);
      if (length < 8 || length > 10_000) return this.#refuse('malformed start-up packet');
      if (buffer.length < length) return null;
      this.#buffer = buffer.subarray(length);
      if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
        this.socket.write('N'); // no TLS on a loopback development server; the client goes on in clear
        return this.#nextMessage();
      }
      if (code === CANCEL_REQUEST) return this.#refuse(null); // nothing to signal: one backend, no pids
      if (code !== PROTOCOL_3) return this.#refuse('unsupported protocol version');
      this.#started = true;
      // Connecting takes no turn (a client may connect while another holds a transaction, as
      // with PostgreSQL): every connection gets the greeting PGlite gave when the server started.
      this.socket.write(this.greeting);
      return this.#nextMessage();
    }
    if (buffer.length < 5) return null;
    const length = buffer.readInt32BE(1);
    if (length < 4 || length > MAX_MESSAGE_BYTES) return this.#refuse('malformed message');
    if (buffer.length < length + 1) return null;
    this.#buffer = buffer.subarray(length + 1);
    return new Uint8Array(buffer.subarray(0, length + 1));
  }

  #refuse(reason: string | null): 'refused' {
    if (reason) this.socket.write(errorResponse('08P01', reason));
    this.socket.end();
    this.#close();
    return 'refused';
  }

  /** Runs the pending messages in order; clears `#pumping` in the same turn it finds none left. */
  async #pump(): Promise<void> {
    try {
      await this.#runPending();
    } finally {
      this.#pumping = null;
    }
  }

  async #runPending(): Promise<void> {
    while (this.#pending.length > 0 && !this.#closed) {
      await this.turns.acquire(this);
      if (this.#closed) break;
      const message = this.#pending.shift() as Uint8Array;
      if (message[0] === 0x58 /* X: Terminate */) {
        this.socket.end();
        this.#close();
        break;
      }
      let reply: Uint8Array;
      try {
        reply = await this.pglite.execProtocolRaw(message);
      } catch (err) {
        // PGlite reports SQL errors inside the reply; a throw means the backend itself failed.
        this.socket.write(errorResponse('XX000', err instanceof Error ? err.message : String(err)));
        this.socket.destroy();
        this.#close();
        break;
      }
      if (reply.length > 0 && !this.socket.destroyed) this.socket.write(reply);
      if (endsIdle(reply)) this.turns.release(this);
    }
  }

  #close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#pending.length = 0;
    this.turns.forget(this);
    void (this.#pumping ?? Promise.resolve()).then(() => this.#giveBack());
  }

  /** Leaves the backend as a fresh connection would find it, then lets the next connection in. */
  async #giveBack(): Promise<void> {
    if (this.turns.owner === this) {
      try {
        await this.pglite.execProtocolRaw(SYNC);
        if (this.pglite.isInTransaction()) await this.pglite.exec('ROLLBACK');
      } catch {
        // the backend is gone (PGlite closed): nothing left to give back
      }
      this.turns.release(this);
    }
    this.onClosed(this);
  }
}

/** True when a reply ends with ReadyForQuery reporting no transaction: `Z`, length 5, `I`. */
function endsIdle(reply: Uint8Array): boolean {
  const n = reply.length;
  return (
    n >= 6 &&
    reply[n - 6] === 0x5a &&
    reply[n - 5] === 0 &&
    reply[n - 4] === 0 &&
    reply[n - 3] === 0 &&
    reply[n - 2] === 5 &&
    reply[n - 1] === 0x49
  );
}

/** A protocol 3.0 StartupMessage with the given parameters. */
function startupMessage(params: Record<string, string>): Uint8Array {
  const body = Buffer.from(`${Object.entries(params).flat().join('\0')}\0\0`, 'utf8');
  const head = Buffer.alloc(8);
  head.writeInt32BE(8 + body.length, 0);
  head.writeInt32BE(PROTOCOL_3, 4);
  return new Uint8Array(Buffer.concat([head, body]));
}

/** A FATAL ErrorResponse (severity, SQLSTATE, message). */
function errorResponse(code: string, message: string): Buffer {
  const fields = Buffer.from(`SFATAL\0VFATAL\0C${code}\0M${message}\0\0`, 'utf8');
  const head = Buffer.alloc(5);
  head.write('E', 0, 'ascii');
  head.writeInt32BE(fields.length + 4, 1);
  return Buffer.concat([head, fields]);
}

/** Serves `pglite` on `host:port` until `close()`. */
export async function serveDatabase(pglite: PGlite, options: LocalServerOptions = {}): Promise<LocalServer> {
  await pglite.waitReady;
  // A copy: PGlite answers the start-up message with a view of its receive buffer, which the
  // next message overwrites, and this greeting is sent to every connection that comes later.
  const greeting = new Uint8Array(
    await pglite.execProtocolRaw(startupMessage({ user: 'postgres', database: 'postgres' })),
  );
  if (!endsIdle(greeting)) throw new Error('PGlite did not answer the start-up message with ReadyForQuery');
  const host = options.host ?? '127.0.0.1';
  const turns = new Turns();
  const open = new Set<Connection>();
  const server: Server = createServer((socket) => {
    open.add(new Connection(socket, pglite, turns, greeting, (conn) => open.delete(conn)));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
      resolve({
        host,
        port,
        url: `postgres://postgres@${host}:${port}/postgres`,
        connections: () => open.size,
        async close() {
          const closed = new Promise<void>((done) => server.close(() => done()));
          for (const conn of open) conn.socket.destroy();
          await closed;
          // each destroyed connection gives its turn back asynchronously; wait until all have
          while (open.size > 0) await new Promise((r) => setTimeout(r, 5));
        },
      });
    });
  });
}
