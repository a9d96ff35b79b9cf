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

function readAnnouncement(file: string): ServedDir | null {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<ServedDir>;
    if (typeof parsed.pid === 'number' && typeof parsed.url === 'string') return { pid: parsed.pid, url: parsed.url };
  } catch {
    // no file, or one being written right now
  }
  return null;
}

/**
 * The live server of `dataDir`, or null. An announcement whose process is gone, or whose port
 * no longer answers (a reboot, a reused pid), is stale: it is removed and ignored.
 */
export async function servedAt(dataDir: string): Promise<ServedDir | null> {
  const file = serverFileFor(dataDir);
  const served = readAnnouncement(file);
  if (!served) return null;
  if (isAlive(served.pid) && (await accepts(served.url))) return served;
  rmSync(file, { force: true });
  return null;
}

/** Announces that this process serves `dataDir` at `url`; returns the function that withdraws it. */
export function announce(dataDir: string, url: string): () => void {
  const file = serverFileFor(dataDir);
  writeFileSync(file, `${JSON.stringify({ pid: process.pid, url } satisfies ServedDir)}\n`);
  return () => {
    if (readAnnouncement(file)?.pid === process.pid) rmSync(file, { force: true });
  };
}
