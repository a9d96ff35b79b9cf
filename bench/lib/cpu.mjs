// CPU time of the processes a bench measures, read from /proc (Linux; elsewhere null).
import { readdirSync, readFileSync } from 'node:fs';
import { groupMembers } from '../../scripts/lib/stack.mjs';

/** Clock ticks per second of /proc's CPU times (USER_HZ; 100 on Linux). */
export const TICKS_PER_SECOND = 100;

/** utime + stime of one process, in clock ticks, and its command name; null once it exited. */
function processTicks(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { comm, ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return null;
  }
}

/** CPU time (clock ticks) used so far by every live member of these process groups. */
export function groupCpuTicks(pgids) {
  let ticks = 0;
  for (const pgid of pgids) for (const pid of groupMembers(pgid)) ticks += processTicks(pid)?.ticks ?? 0;
  return ticks;
}

/**
 * CPU time (clock ticks) used so far by every live process whose command name is one of `names`
 * (or starts with `<name>:`, as PostgreSQL's backends are named). Processes that exited between
 * two readings are not counted, so a bench reads it around a load whose connections stay open.
 */
export function namedCpuTicks(names) {
  if (process.platform !== 'linux') return null;
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const p = processTicks(entry);
    if (p && names.some((n) => p.comm === n || p.comm.startsWith(`${n}:`))) ticks += p.ticks;
  }
  return ticks;
}

/** The machine's PostgreSQL server: the postmaster, its backends and workers. */
export const postgresCpuTicks = () => namedCpuTicks(['postgres']);

/** The machine's Redis server. */
export const redisCpuTicks = () => namedCpuTicks(['redis-server']);

/** Microseconds of CPU per unit of work between two tick readings. */
export function microsPerUnit(ticksBefore, ticksAfter, units) {
  if (ticksBefore === null || ticksAfter === null || units === 0) return null;
  return Math.round(((ticksAfter - ticksBefore) * 1_000_000) / TICKS_PER_SECOND / units);
}
