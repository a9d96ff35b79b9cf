// Watchdog wrapper used by scripts/lib/proc.mjs: `node guard.mjs <command> [args…]`.
//
// It is spawned detached, so it leads a process group of its own, and runs <command> inside
// that group (wrangler's workerd and esbuild children land there too). It guarantees that the
// group never outlives whoever started it:
// - SIGTERM/SIGINT/SIGHUP sent to the guard are passed on once to the whole group (the
//   command and everything it spawned), then SIGKILL follows after a grace period;
// - when the parent goes away without stopping us (crash, SIGKILL, a killed test worker), the
//   IPC channel disconnects or our parent pid changes, and the group is stopped the same way;
// - when the command exits on its own, the guard exits with the same code.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';

const GRACE_MS = Number(process.env.GUARD_GRACE_MS ?? 5000);
const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: node guard.mjs <command> [args…]');
  process.exit(2);
}

const parentPid = process.ppid;
const hasChannel = typeof process.send === 'function';
let stopping = false;
let childExited = false;

function killGroup(signal) {
  try {
    process.kill(-process.pid, signal);
  } catch {
    // the group is already gone
  }
}

function stop(signal) {
  if (stopping) return;
  stopping = true;
  killGroup(signal);
  setTimeout(() => killGroup('SIGKILL'), GRACE_MS);
}

// The group-wide signal reaches the guard as well: ignore it (the handler), act only once.
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, () => stop(signal));

const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
child.on('error', (err) => {
  console.error(`guard: cannot start ${command}: ${err.message}`);
  process.exit(127);
});
child.on('exit', (code, signal) => {
  childExited = true;
  const status = code ?? 128 + (constants.signals[signal] ?? 15);
  if (orphaned()) {
    // Nobody is left to sweep the group: take any straggler (and ourselves) down now.
    killGroup('SIGKILL');
  }
  process.exit(status);
});

if (process.send && child.pid) process.send({ type: 'started', pid: child.pid });

function orphaned() {
  return process.ppid !== parentPid || (hasChannel && !process.connected);
}

const onOrphaned = () => {
  if (childExited) killGroup('SIGKILL');
  stop('SIGTERM');
};
process.on('disconnect', onOrphaned);
setInterval(() => {
  if (process.ppid !== parentPid) onOrphaned();
}, 500).unref();
