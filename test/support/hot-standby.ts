/**
 * A throwaway primary and a streaming hot standby of it, from the local PostgreSQL binaries.
 * The system server's pg_hba may refuse replication connections (and CI must not depend on
 * editing it), so both servers are our own: `initdb` a primary with `wal_level=replica` and a
 * pg_hba that trusts replication from 127.0.0.1, `pg_basebackup -R` it into a second directory
 * (standby.signal + primary_conninfo), start that as a hot standby, and wait until it is in
 * recovery and streaming. PostgreSQL refuses to run as root, so under root the server tools run
 * as the `postgres` OS user; otherwise as whoever runs the tests. `stop()` (also after a failed
 * start) stops both and deletes their directories.
 *
 * Test plumbing, not a stand-in (those live in sandbox/): these are real PostgreSQL servers,
 * the software a read replica runs, as the scratch databases of postgres.ts are.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { chown, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface HotStandby {
  primaryUrl: string;
  standbyUrl: string;
  /** How long start-up took (initdb, base backup, both servers streaming). */
  startupMs: number;
  /** Runs one statement on the primary or the standby on a short-lived connection. */
  sql<T = Record<string, unknown>>(on: 'primary' | 'standby', text: string, params?: unknown[]): Promise<T[]>;
  /** Stops WAL replay on the standby (it stays readable, frozen at what it has replayed). */
  pauseReplay(): Promise<void>;
  resumeReplay(): Promise<void>;
  /** Waits until the standby has replayed everything the primary has written so far. */
  caughtUp(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

const SERVER_SETTINGS = [
  'listen_addresses=127.0.0.1',
  'unix_socket_directories=',
  'wal_level=replica',
  'max_wal_senders=4',
  'hot_standby=on',
  'fsync=off',
  'full_page_writes=off',
  'shared_buffers=16MB',
  'max_connections=60',
  'wal_receiver_status_interval=1s',
  'logging_collector=off',
];

/** Where the server binaries are: `PG_BIN`, else the newest `/usr/lib/postgresql/<n>/bin`, else PATH. */
export function postgresBinDir(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => existsSync(join(root, v, 'bin', 'pg_basebackup')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return join(root, versions[0], 'bin');
  }
  return '';
}

/** Under root, the uid/gid of the `postgres` OS user (the server refuses root); else nothing. */
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startHotStandby(): Promise<HotStandby> {
  const started = Date.now();
  const bin = postgresBinDir();
  const tool = (name: string) => (bin ? join(bin, name) : name);
  const user = serverUser();
  const ports = { primary: await freePort(), standby: await freePort() };
  while (ports.standby === ports.primary) ports.standby = await freePort();
  const root = await mkdtemp(join(tmpdir(), 'edgeshop-standby-'));
  if (user) await chown(root, user.uid, user.gid);
  const primaryDir = join(root, 'primary');
  const standbyDir = join(root, 'standby');
  const servers: { name: string; child: ChildProcess; log: string[] }[] = [];
  const env = { ...process.env, LC_ALL: 'C', LANG: 'C', PGUSER: 'postgres' };

  const run = (name: string, args: string[]) =>
    new Promise<void>((resolve, reject) => {
      const child = spawn(tool(name), args, { env, cwd: root, ...user, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout?.on('data', (d) => (output += d));
      child.stderr?.on('data', (d) => (output += d));
      child.on('error', reject);
      child.on('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`${name} exited with ${code}: ${output.slice(-2000)}`)),
      );
    });

  const startServer = (name: string, dataDir: string, port: number) => {
    const args = ['-D', dataDir, '-p', String(port), ...SERVER_SETTINGS.flatMap((s) => ['-c', s])];
    const child = spawn(tool('postgres'), args, { env, cwd: root, ...user, stdio: ['ignore', 'pipe', 'pipe'] });
    const log: string[] = [];
    const keep = (d: Buffer) => {
      log.push(d.toString());
      if (log.length > 200) log.shift();
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    servers.push({ name, child, log });
  };

  const query = async <T>(port: number, text: string, params: unknown[] = []) => {
    const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
    await client.connect();
    try {
      return (await client.query(text, params)).rows as T[];
    } finally {
      await client.end().catch(() => {});
    }
  };

  /** Polls `check` until it is true, failing early when a server died and with its log on timeout. */
  const until = async (what: string, check: () => Promise<boolean>, timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const dead = servers.find((s) => s.child.exitCode !== null || s.child.signalCode !== null);
      if (dead) throw new Error(`${dead.name} PostgreSQL exited while waiting for ${what}:\n${dead.log.join('')}`);
      if (await check().catch(() => false)) return;
      if (Date.now() > deadline) {
        throw new Error(
          `timed out waiting for ${what}:\n${servers.map((s) => `${s.name}: ${s.log.join('')}`).join('\n')}`,
        );
      }
      await sleep(25);
    }
  };

  const stopServers = async () => {
    // The standby first, so its WAL receiver does not keep reconnecting to a stopping primary.
    for (const { child } of [...servers].reverse()) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      // Smart shutdown lets closing pools hang up on their own (a client still saying goodbye
      // would otherwise get "terminating connection" as an uncaught error); then fast, then kill.
      child.kill('SIGTERM');
      const fast = setTimeout(() => child.kill('SIGINT'), 2_000);
      const kill = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(fast);
      clearTimeout(kill);
    }
  };
  // If the test process ends without teardown, do not leave servers or directories behind.
  const onExit = () => {
    for (const { child } of servers) if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(root, { recursive: true, force: true });
  };
  process.once('exit', onExit);
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.off('exit', onExit);
    await stopServers();
    await rm(root, { recursive: true, force: true });
  };

  try {
    const initdbFlags = '-U postgres --auth=trust --no-sync --no-instructions -E UTF8 --locale=C';
    await run('initdb', ['-D', primaryDir, ...initdbFlags.split(' ')]);
    await writeFile(
      join(primaryDir, 'pg_hba.conf'),
      'host all all 127.0.0.1/32 trust\nhost replication all 127.0.0.1/32 trust\n',
    );
    startServer('primary', primaryDir, ports.primary);
    await until('the primary to accept connections', async () => (await query(ports.primary, 'select 1')).length === 1);
    // -R writes standby.signal and primary_conninfo: the copy starts as a streaming standby.
    const backupFlags = '-U postgres -R -X stream --checkpoint=fast --no-sync';
    const source = ['-h', '127.0.0.1', '-p', String(ports.primary)];
    await run('pg_basebackup', [...source, '-D', standbyDir, ...backupFlags.split(' ')]);
    startServer('standby', standbyDir, ports.standby);
    await until('the standby to be in recovery', async () => {
      const [row] = await query<{ r: boolean }>(ports.standby, 'select pg_is_in_recovery() as r');
      return row?.r === true;
    });
    await until('streaming replication', async () => {
      const rows = await query<{ state: string }>(ports.primary, 'select state from pg_stat_replication');
      return rows.some((r) => r.state === 'streaming');
    });
  } catch (err) {
    await stop();
    throw err;
  }

  const sql = <T>(on: 'primary' | 'standby', text: string, params: unknown[] = []) => query<T>(ports[on], text, params);
  return {
    primaryUrl: `postgres://postgres@127.0.0.1:${ports.primary}/postgres`,
    standbyUrl: `postgres://postgres@127.0.0.1:${ports.standby}/postgres`,
    startupMs: Date.now() - started,
    sql,
    async pauseReplay() {
      await sql('standby', 'select pg_wal_replay_pause()');
      await until('replay to pause', async () => {
        const [row] = await sql<{ s: string }>('standby', 'select pg_get_wal_replay_pause_state() as s');
        return row?.s === 'paused';
      });
    },
    async resumeReplay() {
      await sql('standby', 'select pg_wal_replay_resume()');
    },
    async caughtUp(timeoutMs = 10_000) {
      const [target] = await sql<{ lsn: string }>('primary', 'select pg_current_wal_lsn()::text as lsn');
      await until(
        `the standby to replay up to ${target?.lsn}`,
        async () => {
          const [row] = await sql<{ done: boolean }>(
            'standby',
            'select pg_last_wal_replay_lsn() >= $1::pg_lsn as done',
            [target?.lsn],
          );
          return row?.done === true;
        },
        timeoutMs,
      );
    },
    stop,
  };
}
