import { connect } from 'node:net';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase } from './client';
import { type LocalServer, serveDatabase } from './local-server';
import { migrateDatabase } from './migrate';
import { countProducts, seedCatalog } from './seed';

let pglite: PGlite;
let server: LocalServer;
const pools: pg.Pool[] = [];

function pool(max = 8): pg.Pool {
  const p = new pg.Pool({ connectionString: server.url, max });
  p.on('error', () => {});
  pools.push(p);
  return p;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Sends raw bytes on a fresh socket and collects what comes back until the server closes it (or `ms`). */
function rawExchange(bytes: Buffer, ms = 1000): Promise<{ reply: Buffer; closed: boolean }> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, server.host);
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ reply: Buffer.concat(chunks), closed: false });
    }, ms);
    socket.on('connect', () => socket.write(bytes));
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ reply: Buffer.concat(chunks), closed: true });
    });
  });
}

function packet(code: number, body = Buffer.alloc(0)): Buffer {
  const head = Buffer.alloc(8);
  head.writeInt32BE(8 + body.length, 0);
  head.writeInt32BE(code, 4);
  return Buffer.concat([head, body]);
}

beforeAll(async () => {
  pglite = new PGlite();
  await pglite.waitReady;
  server = await serveDatabase(pglite);
  await pglite.exec('create table counter (id int primary key, n int not null); insert into counter values (1, 0);');
  await pglite.exec('create table notes (id serial primary key, body text not null)');
});

afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.end()));
});

afterAll(async () => {
  await server.close();
  await pglite.close();
});

describe('local database server (PGlite over the wire protocol)', () => {
  it('answers simple and extended queries with parameters, like PostgreSQL', async () => {
    const db = pool();
    const simple = await db.query('select 1 as one; select 2 as two');
    expect((simple as unknown as pg.QueryResult[]).map((r) => r.rows[0])).toEqual([{ one: 1 }, { two: 2 }]);
    const extended = await db.query('select $1::int + $2::int as sum, $3::text as word', [40, 2, 'hé']);
    expect(extended.rows).toEqual([{ sum: 42, word: 'hé' }]);
  });

  it('greets a connection that arrives after other traffic like the first one', async () => {
    const first = pool(1);
    expect((await first.query("select 'a' as v")).rows).toEqual([{ v: 'a' }]);
    // PGlite reuses the buffer it answered the start-up message in: a late client must still
    // get the greeting, not the tail of the last query's answer.
    const late = new pg.Client({ connectionString: server.url });
    await late.connect();
    try {
      expect((await late.query('select 2 as n')).rows).toEqual([{ n: 2 }]);
    } finally {
      await late.end();
    }
  });

  it('never interleaves transactions: concurrent read-modify-write from many connections loses no update', async () => {
    const db = pool(8);
    await db.query('update counter set n = 0 where id = 1');
    const rounds = 40;
    await Promise.all(
      Array.from({ length: rounds }, async (_, i) => {
        const client = await db.connect();
        try {
          await client.query('begin');
          const { rows } = await client.query('select n from counter where id = 1');
          await sleep(i % 3); // let the other connections try to get in between
          await client.query('update counter set n = $1 where id = 1', [rows[0].n + 1]);
          await client.query('commit');
        } finally {
          client.release();
        }
      }),
    );
    const { rows } = await db.query('select n from counter where id = 1');
    expect(rows[0].n).toBe(rounds);
  });

  it('keeps a failed transaction to its own connection: the others go on, the failure rolls back', async () => {
    const db = pool(4);
    const failing = await db.connect();
    await failing.query('begin');
    await failing.query("insert into notes (body) values ('doomed')");
    await expect(failing.query('select * from no_such_table')).rejects.toThrow(/no_such_table/);
    // another connection waits for the owner's turn to end, then sees none of its writes
    const otherClient = await db.connect();
    const other = otherClient.query("select count(*)::int as c from notes where body = 'doomed'");
    await sleep(30); // time enough to have run, were it not queued behind the transaction
    await failing.query('rollback');
    failing.release();
    expect((await other).rows[0].c).toBe(0);
    otherClient.release();
    // a bad parameter on the extended protocol does not wedge the backend either
    await expect(db.query('select $1::int as n', ['not a number'])).rejects.toThrow(/invalid input syntax/);
    expect((await db.query('select $1::int as n', [7])).rows).toEqual([{ n: 7 }]);
  });

  it('rolls back the transaction of a connection that drops, and lets the next one in', async () => {
    const db = pool(4);
    const dropped = new pg.Client({ connectionString: server.url });
    dropped.on('error', () => {});
    await dropped.connect();
    await dropped.query('begin');
    await dropped.query("insert into notes (body) values ('lost')");
    const waitingClient = await db.connect();
    const waiting = waitingClient.query("select count(*)::int as c from notes where body = 'lost'");
    await sleep(30);
    (dropped as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    expect((await waiting).rows[0].c).toBe(0);
    expect(pglite.isInTransaction()).toBe(false);
    waitingClient.release();
  });

  it('lets go of a connection that drops while waiting for its turn, and closes with one in a transaction', async () => {
    const own = new PGlite();
    const local = await serveDatabase(own);
    const holder = new pg.Client({ connectionString: local.url });
    const waiter = new pg.Client({ connectionString: local.url });
    for (const c of [holder, waiter]) c.on('error', () => {});
    await holder.connect();
    await waiter.connect();
    await holder.query('begin');
    const waiting = waiter.query('select 1').catch(() => 'dropped');
    await sleep(30);
    (waiter as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    expect(await waiting).toBe('dropped');
    await vi.waitFor(() => expect(local.connections()).toBe(1), { timeout: 2000, interval: 10 });
    await local.close(); // rolls back the holder's transaction and returns
    expect(local.connections()).toBe(0);
    await own.close();
  });

  it('declines TLS with N (clients go on in clear) and ignores cancel requests', async () => {
    const ssl = await rawExchange(packet(80877103), 300);
    expect(ssl.reply.toString()).toBe('N');
    const cancel = await rawExchange(packet(80877102, Buffer.alloc(8)));
    expect(cancel).toEqual({ reply: Buffer.alloc(0), closed: true });
    // and sslmode=prefer style clients connect after the N
    const db = new pg.Pool({ connectionString: server.url, max: 1 });
    expect((await db.query('select 1 as ok')).rows).toEqual([{ ok: 1 }]);
    await db.end();
  });

  it('refuses a malformed start-up packet with a FATAL error and keeps serving', async () => {
    const bad = await rawExchange(packet(1234));
    expect(bad.closed).toBe(true);
    expect(bad.reply[0]).toBe(0x45); // E: ErrorResponse
    expect(bad.reply.toString()).toContain('unsupported protocol version');
    expect((await pool().query('select 1 as ok')).rows).toEqual([{ ok: 1 }]);
  });

  it('close() ends every connection, rolling back what they had open; PGlite stays usable', async () => {
    const own = new PGlite();
    const local = await serveDatabase(own);
    await own.exec('create table t (v int)');
    const client = new pg.Client({ connectionString: local.url });
    client.on('error', () => {});
    await client.connect();
    await client.query('begin');
    await client.query('insert into t values (1)');
    expect(local.connections()).toBe(1);
    await local.close();
    expect(local.connections()).toBe(0);
    expect(own.isInTransaction()).toBe(false);
    expect((await own.query<{ c: number }>('select count(*)::int as c from t')).rows).toEqual([{ c: 0 }]);
    await own.close();
  });

  it("carries the origin's own path: the postgres driver migrates and seeds through it", async () => {
    const own = new PGlite();
    const local = await serveDatabase(own);
    const handle = await openDatabase(local.url);
    try {
      expect(handle.kind).toBe('postgres');
      await migrateDatabase(handle);
      // two seeders at once: the advisory transaction lock lets exactly one write
      const results = await Promise.all([
        seedCatalog(handle.db, { products: 30, whenNotEmpty: 'skip' }),
        seedCatalog(handle.db, { products: 30, whenNotEmpty: 'skip' }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual(['seeded', 'skipped']);
      expect(await countProducts(handle.db)).toBe(30);
    } finally {
      await handle.close();
      await local.close();
      await own.close();
    }
  });
});
