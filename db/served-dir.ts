/**
 * Which PGlite directory is being served by `db/serve.ts`, and where. A PGlite directory admits
 * one process at a time (two would corrupt it), so the server announces itself in a file beside
 * the directory (`<dir>.server.json`: its pid and URL), as PostgreSQL's postmaster.pid does, and
 * `openDatabase` reaches an announced directory through its server instead of opening it.
 * With `npm start` running, `npm run seed`, `npm run db:migrate` or a second origin then share the
 * shop's database instead of damaging it.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { resolve } from 'node:path';

export interface ServedDir {
  pid: number;
  url: string;
}

export function serverFileFor(dataDir: string): string {
  return `${resolve(dataDir)}.server.json`;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function accepts(url: string, timeoutMs = 1000): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((done) => {
    const socket = connect(Number(port), hostname);
    const finish = (ok: boolean) => {
      socket.destroy();
      done(ok);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

interface Announcement {
  pid: number;
  /** Null while the server is still starting (the directory is claimed, not served yet). */
  url: string | null;
}

function readAnnouncement(file: string): Announcement | null {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<Announcement>;
    if (typeof parsed.pid === 'number' && (typeof parsed.url === 'string' || parsed.url === null)) {
      return { pid: parsed.pid, url: parsed.url };
    }
  } catch {
    // no file, or one being written right now
  }
  return null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** How long a claimed directory may take to be served (PGlite's first start runs initdb). */
const STARTING_WAIT_MS = 30_000;

/**
 * The live server of `dataDir`, or null. A directory being claimed by a server that is still
 * starting is waited for. An announcement whose process is gone, or whose port no longer
 * answers (a reboot, a reused pid), is stale: it is removed and ignored.
 */
export async function servedAt(dataDir: string): Promise<ServedDir | null> {
  const file = serverFileFor(dataDir);
  const deadline = Date.now() + STARTING_WAIT_MS;
  for (;;) {
    const found = readAnnouncement(file);
    if (!found) return null;
    if (!isAlive(found.pid)) break;
    if (found.url !== null) {
      if (await accepts(found.url)) return { pid: found.pid, url: found.url };
      break;
    }
    if (Date.now() > deadline) break;
    await sleep(100);
  }
  rmSync(file, { force: true });
  return null;
}

/**
 * Claims `dataDir` for this process before it opens it (the file is created exclusively, so of
 * two servers starting together only one gets it), and later announces the URL it is served at.
 * Throws when a live process holds the claim. The returned functions announce and withdraw.
 */
export function claim(dataDir: string): { announce(url: string): void; withdraw(): void } {
  const file = serverFileFor(dataDir);
  const write = (url: string | null, flag: 'wx' | 'w') =>
    writeFileSync(file, `${JSON.stringify({ pid: process.pid, url } satisfies Announcement)}\n`, { flag });
  for (let attempt = 0; ; attempt++) {
    try {
      write(null, 'wx');
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw err;
      const holder = readAnnouncement(file);
      if (holder && isAlive(holder.pid)) {
        throw new Error(`${dataDir} is already served${holder.url ? ` at ${holder.url}` : ''} (pid ${holder.pid})`);
      }
      rmSync(file, { force: true }); // a claim left by a process that is gone
    }
  }
  return {
    announce: (url) => write(url, 'w'),
    withdraw: () => {
      if (readAnnouncement(file)?.pid === process.pid) rmSync(file, { force: true });
    },
  };
}

/** Announces that this process serves `dataDir` at `url` (claim and announce at once, for tests). */
export function announce(dataDir: string, url: string): () => void {
  const claimed = claim(dataDir);
  claimed.announce(url);
  return claimed.withdraw;
}
