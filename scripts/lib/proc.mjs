// Child processes that cannot be left behind. Every command runs under scripts/lib/guard.mjs,
// detached into a process group of its own; `stop()` signals the whole group (so wrangler's
// workerd and esbuild go too) and escalates to SIGKILL after a grace period. If this process
// exits without stopping them, an exit hook kills the groups; if it dies outright (SIGKILL),
// each guard notices and takes its group down.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const GUARD = fileURLToPath(new URL('./guard.mjs', import.meta.url));
const OUTPUT_LINES_KEPT = 300;

/** @type {Set<ManagedProcess>} */
const live = new Set();
let exitHookInstalled = false;

function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const p of live) killGroup(p.pgid, 'SIGKILL');
  });
}

function killGroup(pgid, signal) {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/** Live (non-zombie) members of a process group. */
export function groupMembers(pgid) {
  if (process.platform !== 'linux') {
    try {
      process.kill(-pgid, 0);
      return [pgid];
    } catch {
      return [];
    }
  }
  const members = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    // pid (comm) state ppid pgrp … — comm may contain spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) === pgid && fields[0] !== 'Z') members.push(Number(entry));
  }
  return members;
}

/** Resident set size of one process in kB (Linux), or null. */
export function readRssKb(pid) {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export class ManagedProcess {
  /**
   * @param {string} name short label used as the output prefix
   * @param {string} command executable
   * @param {string[]} args
   * @param {{ env?: NodeJS.ProcessEnv, cwd?: string, onLine?: (line: string, stream: 'stdout' | 'stderr') => void }} [options]
   */
  constructor(name, command, args, options = {}) {
    installExitHook();
    this.name = name;
    this.command = [command, ...args];
    /** @type {string[]} */
    this.lines = [];
    this.stopping = false;
    /** @type {{ code: number | null, signal: NodeJS.Signals | null } | null} */
    this.exitStatus = null;
    const child = spawn(process.execPath, [GUARD, command, ...args], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    this.child = child;
    if (child.pid === undefined) throw new Error(`${name}: could not spawn ${process.execPath}`);
    /** Process group id (= the guard's pid). */
    this.pgid = child.pid;
    live.add(this);
    /** The command's own pid, once the guard reports it. */
    this.pid = /** @type {Promise<number>} */ (
      new Promise((resolve, reject) => {
        child.once('message', (message) => resolve(/** @type {{ pid: number }} */ (message).pid));
        child.once('exit', () => reject(new Error(`${name} exited before it started`)));
      })
    );
    this.pid.catch(() => {});
    /** Resolves when the guard (hence the command) has exited. */
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exitStatus = { code, signal };
        resolve(this.exitStatus);
      });
    });
    const onLine = options.onLine;
    for (const stream of /** @type {const} */ (['stdout', 'stderr'])) {
      const readable = child[stream];
      if (!readable) continue;
      createInterface({ input: readable, crlfDelay: Number.POSITIVE_INFINITY }).on('line', (line) => {
        this.lines.push(line);
        if (this.lines.length > OUTPUT_LINES_KEPT) this.lines.shift();
        onLine?.(line, stream);
      });
    }
    // The IPC channel only carries the pid; it must not keep this process alive.
    child.channel?.unref();
  }

  get running() {
    return this.exitStatus === null;
  }

  /** The last lines the command printed (both streams). */
  output(lines = 60) {
    return this.lines.slice(-lines).join('\n');
  }

  /**
   * Stops the command and everything it started: SIGTERM to the group, SIGKILL after
   * `graceMs`, and resolves once no member of the group is left (bounded).
   */
  async stop({ graceMs = 8000 } = {}) {
    this.stopping = true;
    if (this.running) {
      // The guard passes the signal to the whole group exactly once.
      try {
        process.kill(this.pgid, 'SIGTERM');
      } catch {
        killGroup(this.pgid, 'SIGTERM');
      }
    }
    const deadline = Date.now() + graceMs;
    while (Date.now() < deadline && (this.running || groupMembers(this.pgid).length > 0)) await sleep(50);
    if (groupMembers(this.pgid).length > 0) {
      killGroup(this.pgid, 'SIGKILL');
      const hardDeadline = Date.now() + 3000;
      while (Date.now() < hardDeadline && groupMembers(this.pgid).length > 0) await sleep(50);
    }
    await Promise.race([this.exited, sleep(1000)]);
    live.delete(this);
    return this.exitStatus;
  }
}

/**
 * Polls `url` until it answers with a status `accept` likes. Fails early when `proc` exits,
 * and after `timeoutMs`, with the process output in the message.
 * @param {string} url
 * @param {{ timeoutMs?: number, accept?: (status: number) => boolean, proc?: ManagedProcess, intervalMs?: number }} [options]
 */
export async function waitForHttp(url, options = {}) {
  const { timeoutMs = 60_000, accept = (s) => s >= 200 && s < 500, proc, intervalMs = 100 } = options;
  const started = Date.now();
  let lastError = 'no answer';
  while (Date.now() - started < timeoutMs) {
    if (proc && !proc.running) {
      throw new Error(
        `${proc.name} exited (${JSON.stringify(proc.exitStatus)}) before ${url} answered. Last output:\n${proc.output()}`,
      );
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (accept(res.status)) return Date.now() - started;
      lastError = `HTTP ${res.status}`;
    } catch (err) {
      lastError = /** @type {Error} */ (err).message;
    }
    await sleep(intervalMs);
  }
  const tail = proc ? ` Last output of ${proc.name}:\n${proc.output()}` : '';
  throw new Error(`${url} not ready after ${timeoutMs} ms (${lastError}).${tail}`);
}

/** Stops every process started through this module that is still running. */
export async function stopAll(options) {
  await Promise.all([...live].map((p) => p.stop(options)));
}
