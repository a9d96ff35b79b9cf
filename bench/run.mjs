#!/usr/bin/env node
// `npm run bench`: local throughput and latency of the edge and the origin, against an empty
// Worker served by the same runner as the baseline. The runner is workerd with the Worker's
// deploy bundle and no development proxy (scripts/serve-workerd.mjs, state in memory);
// BENCH_RUNNER=wrangler measures both under `wrangler dev` instead.
//
// Steps: time a 10,000-product seed into a temporary PGlite directory; start the stack
// (temporary PGlite seeded with BENCH_PRODUCTS products, temporary wrangler state) and the
// empty Worker, all on free ports of 127.0.0.1; start a second baseline, a Worker that replays
// the edge's product-list response with no logic (bench/lib/same-response-worker.mjs), so the
// cost of the response itself (its headers and body) is told apart from the edge's own work;
// read the origin's idle RSS (and, beside it, the PGlite server's); warm up; run autocannon against each target one after the other;
// print a table and write bench/results/<timestamp>.json. Targets are reported, not asserted (exit code 0 unless the
// bench itself could not run).
//
// Environment: BENCH_DURATION (s per target, default 10), BENCH_WARMUP (s, default 2),
// BENCH_CONNECTIONS (default 50), BENCH_ROUNDS (default 3: the targets run in interleaved
// rounds and each reports its median round; single rounds on 2 cores vary by ±20 %), BENCH_PRODUCTS (default 1000),
// BENCH_SEED_PRODUCTS (default 10000), BENCH_SKIP_SEED=1 (skip the seed timing), BENCH_LOG=1
// (print the servers' output), BENCH_RUNNER (workerd | wrangler), BENCH_DATABASE_URL (run the
// origin on this database, e.g. a local PostgreSQL, seeded with --if-empty; default: a
// temporary PGlite directory).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { signInternalRequest } from '../contract/signing.ts';
import {
  LOAD_TEST_LIMITS,
  makeTempRoot,
  ROOT,
  readRssKb,
  runSeed,
  startBaselineWorker,
  startEmptyWorker,
  startStack,
  stopAll,
} from '../scripts/lib/stack.mjs';
import { groupCpuTicks, TICKS_PER_SECOND } from './lib/cpu.mjs';
import { pacedLoad } from './lib/paced-load.mjs';
import { benchRunner } from './lib/runner.mjs';
import { writeSameResponseWorker } from './lib/same-response-worker.mjs';

const RUNNER = benchRunner();

const intEnv = (name, fallback, min, max) => {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    console.error(`bench: ${name} must be an integer in ${min}..${max} (got "${raw}")`);
    process.exit(1);
  }
  return value;
};

const DURATION = intEnv('BENCH_DURATION', 10, 1, 110);
const WARMUP = intEnv('BENCH_WARMUP', 2, 0, 30);
const CONNECTIONS = intEnv('BENCH_CONNECTIONS', 50, 1, 1000);
const ROUNDS = intEnv('BENCH_ROUNDS', 3, 1, 5);
const PACED_RATE = process.env.BENCH_PACED_RATE ? intEnv('BENCH_PACED_RATE', 0, 1, 100_000) : null;
const PRODUCTS = intEnv('BENCH_PRODUCTS', 1000, 1, 100_000);
const SEED_PRODUCTS = intEnv('BENCH_SEED_PRODUCTS', 10_000, 1, 100_000);
const SKIP_SEED = process.env.BENCH_SKIP_SEED === '1' || process.env.BENCH_SKIP_SEED === 'true';
const LOG = Boolean(process.env.BENCH_LOG);
const DATABASE_URL = process.env.BENCH_DATABASE_URL || undefined;
const DATABASE_LABEL = DATABASE_URL
  ? DATABASE_URL.replace(/\/\/([^:@/]+):[^@/]+@/, '//$1:***@')
  : 'PGlite (temporary, its own process)';
const SEED_TIMEOUT_MS = 300_000;
const LOOPBACK = /^http:\/\/127\.0\.0\.1:\d+\//;

const TARGETS_SPEC = {
  listVsEmpty: { min: 0.8, text: 'edge cached list ≥ 80 % of the empty Worker req/s' },
  p99Ms: { max: 50, text: `p99 < 50 ms at ${CONNECTIONS} connections, at full speed (edge routes)` },
  pacedP99Ms: { max: 50, text: `p99 < 50 ms at ${CONNECTIONS} connections, paced (edge routes)` },
  originIdleRssMb: { max: 100, text: 'origin idle RSS ≤ 100 MB' },
  seedSeconds: { max: 60, text: `${SEED_PRODUCTS.toLocaleString('en')}-product seed on PGlite < 60 s` },
};

// A hard bound on the whole run, whatever hangs.
const budgetMs = (SKIP_SEED ? 0 : SEED_TIMEOUT_MS) + ROUNDS * 5 * (DURATION + WARMUP + 10) * 1000 + 300_000;
setTimeout(() => {
  console.error(`bench: time limit (${Math.round(budgetMs / 1000)} s) exceeded; stopping`);
  void stopAll().finally(() => process.exit(2));
}, budgetMs).unref();

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    console.error(`\nbench: ${signal}; stopping`);
    void stopAll().finally(() => process.exit(130));
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const round = (n, digits = 1) => (n === null || n === undefined ? null : Number(n.toFixed(digits)));

function version(pkg) {
  try {
    return JSON.parse(readFileSync(join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')).version;
  } catch {
    return null;
  }
}

/** One autocannon run; resolves with its results. */
function cannon(url, { duration, connections, headers = {} }) {
  if (!LOOPBACK.test(url)) throw new Error(`bench only targets 127.0.0.1 (got ${url})`);
  return new Promise((resolve, reject) => {
    autocannon({ url, duration, connections, headers, timeout: 10 }, (err, result) =>
      err ? reject(err) : resolve(result),
    );
  });
}

/**
 * The machine's CPU counters (/proc/stat, all CPUs): on a virtual machine `steal` is the time the
 * hypervisor gave this machine's virtual CPUs to someone else, which no process here can see or
 * avoid; measured per target, it tells a slow run on a busy host from a slow server.
 */
function machineTicks() {
  if (process.platform !== 'linux') return null;
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  return { total: fields.slice(0, 8).reduce((a, b) => a + b, 0), steal: fields[7] ?? 0 };
}

/** Percent of the machine's CPU time stolen by the hypervisor between two `machineTicks()`. */
function stealPercent(before, after) {
  if (!before || !after || after.total === before.total) return null;
  return round(((after.steal - before.steal) / (after.total - before.total)) * 100, 1);
}

/**
 * Waits (at most `maxMs`) until the servers are quiet: under 5 % of one core over a second, so
 * that start-up work (JIT, first catalog reads) neither skews the first target nor the idle RSS.
 */
async function waitUntilQuiet(pgids, maxMs = 30_000) {
  if (process.platform !== 'linux') return null;
  const started = Date.now();
  let before = groupCpuTicks(pgids);
  while (Date.now() - started < maxMs) {
    await sleep(1000);
    const now = groupCpuTicks(pgids);
    if (now - before <= 5) return Date.now() - started; // 5 ticks of 100 per second
    before = now;
  }
  return null;
}

/**
 * `target.headers` is an object, or a function making them for each measurement; `target.pgid`
 * the server's process group, whose CPU time per request is measured alongside (Linux): far
 * steadier than req/s on a machine the load generator shares.
 */
async function measure(target) {
  const headers = typeof target.headers === 'function' ? await target.headers() : target.headers;
  if (WARMUP > 0) await cannon(target.url, { duration: WARMUP, connections: 10, headers });
  const cpuBefore = process.platform === 'linux' ? groupCpuTicks([target.pgid]) : null;
  const machineBefore = machineTicks();
  const r = await cannon(target.url, { duration: DURATION, connections: CONNECTIONS, headers });
  const cpuTicks = cpuBefore === null ? null : groupCpuTicks([target.pgid]) - cpuBefore;
  const stolenPercent = stealPercent(machineBefore, machineTicks());
  const ok = Object.entries(r.statusCodeStats ?? {})
    .filter(([code]) => code.startsWith('2'))
    .reduce((n, [, s]) => n + Number(s.count), 0);
  return {
    name: target.name,
    url: target.url,
    reqPerSec: round(r.requests.average, 0),
    serverCpuUsPerRequest:
      cpuTicks === null || r.requests.total === 0
        ? null
        : round((cpuTicks * (1_000_000 / TICKS_PER_SECOND)) / r.requests.total, 0),
    okPerSec: round(ok / r.duration, 0),
    latencyMs: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max },
    requests: r.requests.total,
    non2xx: r.non2xx,
    statusCodes: Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([code, s]) => [code, s.count])),
    errors: r.errors,
    timeouts: r.timeouts,
    bytesPerSec: round(r.throughput.average, 0),
    stolenPercent,
  };
}

async function getJson(url, headers = {}) {
  const res = await fetch(url, { headers, signal: AbortSignal.timeout(10_000) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${url} → HTTP ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

const result = {
  startedAt: new Date().toISOString(),
  config: {
    duration: DURATION,
    warmup: WARMUP,
    connections: CONNECTIONS,
    rounds: ROUNDS,
    products: PRODUCTS,
    database: DATABASE_LABEL,
    runner: RUNNER,
  },
  machine: {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? null,
    memoryMb: Math.round(os.totalmem() / 2 ** 20),
    node: process.version,
    bun: version('bun'),
    wrangler: version('wrangler'),
    autocannon: version('autocannon'),
  },
  seed: null,
  settledMs: null,
  originIdleRssMb: null,
  originRssAfterLoadMb: null,
  databaseIdleRssMb: null,
  listBodyBytes: null,
  targets: [],
  ratios: {},
  paced: null,
  checks: {},
};

// 1. The seed timing, first, while nothing else runs.
if (SKIP_SEED) {
  console.log('bench: seed timing skipped (BENCH_SKIP_SEED)');
} else {
  const dir = makeTempRoot();
  try {
    console.log(`bench: seeding ${SEED_PRODUCTS.toLocaleString('en')} products into a fresh PGlite directory…`);
    const { ms } = await runSeed({
      databaseUrl: `pglite://${join(dir, 'pglite')}`,
      products: SEED_PRODUCTS,
      ifEmpty: false,
      log: LOG,
      timeoutMs: SEED_TIMEOUT_MS,
    });
    result.seed = { products: SEED_PRODUCTS, seconds: round(ms / 1000, 2) };
    console.log(`bench: seed took ${(ms / 1000).toFixed(1)} s (bun start-up, initdb and migrations included)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// 2. The stack and the baseline.
console.log(`bench: starting the stack (${PRODUCTS} products, ${DATABASE_LABEL}) and the empty Worker…`);
const stack = await startStack({
  seedProducts: PRODUCTS,
  databaseUrl: DATABASE_URL,
  log: LOG,
  edgeVars: LOAD_TEST_LIMITS,
  edgeRunner: RUNNER,
});
let empty;
let sameResponse;
const sameResponseDir = makeTempRoot();
try {
  empty = await startEmptyWorker({ log: LOG, runner: RUNNER });

  // The edge starts with empty state: wait until it serves the catalog.
  let page = null;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      page = await getJson(`${stack.edgeUrl}/api/products`);
      if (page.items?.length > 0) break;
    } catch {
      // not yet
    }
    await sleep(250);
  }
  if (!page?.items?.length) throw new Error('the edge did not list any product within 60 s');
  const slug = page.items[0].slug;

  const emptyToml = readFileSync(join(ROOT, 'bench', 'empty-worker', 'wrangler.toml'), 'utf8');
  const compatibilityDate = /^compatibility_date\s*=\s*"([^"]+)"/m.exec(emptyToml)?.[1] ?? '2026-11-01';
  const replay = await writeSameResponseWorker(sameResponseDir, `${stack.edgeUrl}/api/products`, compatibilityDate);
  sameResponse = await startBaselineWorker({ config: replay.config, label: 'same', log: LOG, runner: RUNNER });
  result.listBodyBytes = replay.bodyBytes;

  // 3. Origin idle RSS, before any load, once everything has settled.
  const quietMs = await waitUntilQuiet([
    stack.origin.pgid,
    stack.edge.pgid,
    empty.proc.pgid,
    sameResponse.proc.pgid,
    ...(stack.database ? [stack.database.pgid] : []),
  ]);
  result.settledMs = quietMs;
  if (quietMs === null) console.log('bench: the servers did not go quiet within 30 s; measuring anyway');
  const originPid = await stack.origin.pid;
  const idleKb = readRssKb(originPid);
  result.originIdleRssMb = idleKb === null ? null : round(idleKb / 1024, 1);
  // PGlite runs in its own process (db/serve.ts), as Postgres does in production: reported beside the origin.
  const databasePid = stack.database ? await stack.database.pid : null;
  const databaseKb = databasePid === null ? null : readRssKb(databasePid);
  result.databaseIdleRssMb = databaseKb === null ? null : round(databaseKb / 1024, 1);

  // 4. The signed origin request: signed afresh for each measurement (a signature is valid
  // ±60 s around its timestamp), timestamped in the middle of that measurement's warm-up and run.
  const originPath = '/internal/catalog/products?limit=20';
  const signOrigin = () =>
    signInternalRequest(stack.internalSecret, 'GET', originPath, '', {
      now: Date.now() + ((DURATION + WARMUP) / 2) * 1000,
    });
  await getJson(`${stack.originUrl}${originPath}`, await signOrigin()); // fails loudly on a bad signature

  const targets = [
    {
      key: 'empty',
      name: `empty Worker (${RUNNER === 'workerd' ? 'workerd' : 'wrangler dev'})`,
      url: `${empty.url}/`,
      pgid: empty.proc.pgid,
    },
    {
      key: 'sameResponse',
      name: 'Worker replaying the list response, no logic',
      url: `${sameResponse.url}/`,
      pgid: sameResponse.proc.pgid,
    },
    { key: 'edgeList', name: 'edge GET /api/products', url: `${stack.edgeUrl}/api/products`, pgid: stack.edge.pgid },
    {
      key: 'edgeProduct',
      name: 'edge GET /api/products/:slug',
      url: `${stack.edgeUrl}/api/products/${slug}`,
      pgid: stack.edge.pgid,
    },
    {
      key: 'origin',
      name: 'origin GET /internal/catalog/products?limit=20 (signed)',
      url: `${stack.originUrl}${originPath}`,
      headers: signOrigin,
      pgid: stack.origin.pgid,
    },
  ];
  /** @type {Record<string, any[]>} */
  const runs = Object.fromEntries(targets.map((t) => [t.key, []]));
  for (let round = 1; round <= ROUNDS; round++) {
    for (const target of targets) {
      const label = ROUNDS > 1 ? `round ${round}/${ROUNDS}, ` : '';
      process.stdout.write(
        `bench: ${target.name}: ${label}${WARMUP} s warm-up, ${DURATION} s × ${CONNECTIONS} connections… `,
      );
      const m = await measure(target);
      runs[target.key].push(m);
      console.log(`${m.reqPerSec} req/s, p99 ${m.latencyMs.p99} ms`);
    }
  }
  const byKey = {};
  for (const target of targets) {
    const sorted = [...runs[target.key]].sort((a, b) => a.reqPerSec - b.reqPerSec);
    const median = sorted[Math.floor((sorted.length - 1) / 2)];
    const cpu = runs[target.key]
      .map((r) => r.serverCpuUsPerRequest)
      .filter((v) => v !== null)
      .sort((a, b) => a - b);
    byKey[target.key] = {
      ...median,
      rounds: ROUNDS > 1 ? runs[target.key].map((r) => r.reqPerSec) : undefined,
      // The median over rounds, like req/s.
      serverCpuUsPerRequest: cpu.length ? cpu[Math.floor((cpu.length - 1) / 2)] : null,
    };
    result.targets.push(byKey[target.key]);
  }
  // 5. Latency at a fixed rate, paced evenly over the same number of connections (see
  // bench/lib/paced-load.mjs): half of what the empty Worker served at full speed, so every
  // Worker is busy but none is overloaded; interleaved rounds again, each target's median p99.
  const pacedRate = PACED_RATE ?? Math.max(100, Math.round((byKey.empty.reqPerSec * 0.5) / 100) * 100);
  const pacedTargets = targets.filter((t) => ['empty', 'edgeList', 'edgeProduct'].includes(t.key));
  /** @type {Record<string, any[]>} */
  const pacedRuns = Object.fromEntries(pacedTargets.map((t) => [t.key, []]));
  for (let round = 1; round <= ROUNDS; round++) {
    for (const target of pacedTargets) {
      const label = ROUNDS > 1 ? `round ${round}/${ROUNDS}, ` : '';
      process.stdout.write(
        `bench: ${target.name}: ${label}paced, ${pacedRate} req/s for ${DURATION} s over ${CONNECTIONS} connections… `,
      );
      const machineBefore = machineTicks();
      const m = {
        ...(await pacedLoad(target.url, { rate: pacedRate, seconds: DURATION, connections: CONNECTIONS })),
      };
      m.stolenPercent = stealPercent(machineBefore, machineTicks());
      pacedRuns[target.key].push(m);
      console.log(`p50 ${m.latencyMs.p50} ms, p99 ${m.latencyMs.p99} ms`);
    }
  }
  result.paced = { rate: pacedRate, targets: {} };
  for (const target of pacedTargets) {
    const sorted = [...pacedRuns[target.key]].sort((a, b) => a.latencyMs.p99 - b.latencyMs.p99);
    result.paced.targets[target.key] = {
      name: target.name,
      ...sorted[Math.floor((sorted.length - 1) / 2)],
      roundsP99Ms: ROUNDS > 1 ? pacedRuns[target.key].map((r) => r.latencyMs.p99) : undefined,
    };
  }

  const originAfterKb = readRssKb(originPid);
  result.originRssAfterLoadMb = originAfterKb === null ? null : round(originAfterKb / 1024, 1);

  const ratio = (a, b) => (a && b ? round(a / b, 2) : null);
  result.ratios = {
    edgeListVsEmpty: ratio(byKey.edgeList.reqPerSec, byKey.empty.reqPerSec),
    edgeListVsSameResponse: ratio(byKey.edgeList.reqPerSec, byKey.sameResponse.reqPerSec),
    sameResponseVsEmpty: ratio(byKey.sameResponse.reqPerSec, byKey.empty.reqPerSec),
    // CPU per request, inverted so that it reads like the req/s ratio (1 = as cheap as the empty Worker).
    edgeListVsEmptyByCpu: ratio(byKey.empty.serverCpuUsPerRequest, byKey.edgeList.serverCpuUsPerRequest),
    edgeProductVsEmptyByCpu: ratio(byKey.empty.serverCpuUsPerRequest, byKey.edgeProduct.serverCpuUsPerRequest),
    edgeProductVsEmpty: ratio(byKey.edgeProduct.reqPerSec, byKey.empty.reqPerSec),
    originVsEmpty: ratio(byKey.origin.reqPerSec, byKey.empty.reqPerSec),
    edgeListVsOrigin: ratio(byKey.edgeList.reqPerSec, byKey.origin.reqPerSec),
    edgeProductVsOrigin: ratio(byKey.edgeProduct.reqPerSec, byKey.origin.reqPerSec),
  };
  const edgeP99 = Math.max(byKey.edgeList.latencyMs.p99, byKey.edgeProduct.latencyMs.p99);
  const paced = result.paced.targets;
  const edgePacedP99 = Math.max(paced.edgeList.latencyMs.p99, paced.edgeProduct.latencyMs.p99);
  result.checks = {
    listVsEmpty: { ...TARGETS_SPEC.listVsEmpty, value: result.ratios.edgeListVsEmpty },
    p99Ms: { ...TARGETS_SPEC.p99Ms, value: edgeP99 },
    pacedP99Ms: {
      ...TARGETS_SPEC.pacedP99Ms,
      text: `${TARGETS_SPEC.pacedP99Ms.text.replace('paced', `paced at ${pacedRate} req/s`)}`,
      value: edgePacedP99,
    },
    originIdleRssMb: { ...TARGETS_SPEC.originIdleRssMb, value: result.originIdleRssMb },
    seedSeconds: { ...TARGETS_SPEC.seedSeconds, value: result.seed?.seconds ?? null },
  };
  for (const check of Object.values(result.checks)) {
    check.pass =
      check.value === null
        ? null
        : (check.min === undefined || check.value >= check.min) && (check.max === undefined || check.value < check.max);
  }
  // RSS target is "≤", the others strict as written.
  const rss = result.checks.originIdleRssMb;
  if (rss.value !== null) rss.pass = rss.value <= rss.max;
  const bad = result.targets.filter((t) => t.non2xx > 0 || t.errors > 0);
  if (bad.length) result.warnings = bad.map((t) => `${t.name}: ${t.non2xx} non-2xx, ${t.errors} errors`);
} finally {
  await Promise.all([stack.stop(), empty?.stop(), sameResponse?.stop()]);
  rmSync(sameResponseDir, { recursive: true, force: true });
}
result.finishedAt = new Date().toISOString();

// 5. Report.
const pad = (s, n, right = false) => (right ? String(s).padStart(n) : String(s).padEnd(n));
const emptyRps = result.targets[0]?.reqPerSec;
const originRps = result.targets.find((t) => t.name.startsWith('origin'))?.reqPerSec;
console.log(
  `\n${pad('target', 58)}${pad('req/s', 9, true)}${pad('p50 ms', 8, true)}${pad('p99 ms', 8, true)}${pad('non-2xx', 9, true)}${pad('vs empty', 10, true)}${pad('vs origin', 11, true)}${pad('CPU µs/req', 12, true)}${pad('stolen', 8, true)}`,
);
for (const t of result.targets) {
  const vsEmpty = emptyRps ? `${((t.reqPerSec / emptyRps) * 100).toFixed(0)} %` : '-';
  const vsOrigin = originRps ? `${(t.reqPerSec / originRps).toFixed(2)}×` : '-';
  console.log(
    `${pad(t.name, 58)}${pad(t.reqPerSec, 9, true)}${pad(t.latencyMs.p50, 8, true)}${pad(t.latencyMs.p99, 8, true)}${pad(t.non2xx + t.errors, 9, true)}${pad(vsEmpty, 10, true)}${pad(vsOrigin, 11, true)}${pad(t.serverCpuUsPerRequest ?? '-', 12, true)}${pad(t.stolenPercent === null ? '-' : `${t.stolenPercent} %`, 8, true)}`,
  );
}
if (result.paced) {
  console.log(
    `\npaced at ${result.paced.rate} req/s over ${CONNECTIONS} connections (latency from each request's due time; medians of ${ROUNDS} round(s)):`,
  );
  console.log(
    `${pad('target', 58)}${pad('p50 ms', 8, true)}${pad('p90 ms', 8, true)}${pad('p99 ms', 8, true)}${pad('max ms', 8, true)}${pad('errors', 8, true)}`,
  );
  for (const t of Object.values(result.paced.targets)) {
    console.log(
      `${pad(t.name, 58)}${pad(t.latencyMs.p50, 8, true)}${pad(t.latencyMs.p90, 8, true)}${pad(t.latencyMs.p99, 8, true)}${pad(t.latencyMs.max, 8, true)}${pad(t.non2xx + t.errors, 8, true)}${pad(t.stolenPercent === null ? '-' : `${t.stolenPercent} %`, 8, true)}`,
    );
  }
}
console.log(
  "\nstolen: the share of the machine's CPU time the hypervisor gave to other guests during that run (/proc/stat steal); a run with much of it measured the host, not the server.",
);
if (result.ratios.edgeListVsEmptyByCpu) {
  console.log(
    `\nby the servers' CPU time per request (steadier than req/s here): edge list ${Math.round(result.ratios.edgeListVsEmptyByCpu * 100)} %, ` +
      `product ${Math.round((result.ratios.edgeProductVsEmptyByCpu ?? 0) * 100)} % of the empty Worker`,
  );
}
if (result.ratios.edgeListVsSameResponse) {
  console.log(
    `\nedge list vs a Worker sending the same response (${result.listBodyBytes} bytes, same headers) with no logic: ` +
      `${Math.round(result.ratios.edgeListVsSameResponse * 100)} %; that Worker vs the empty one: ${Math.round(result.ratios.sameResponseVsEmpty * 100)} %`,
  );
}
console.log(
  `\norigin RSS (${DATABASE_LABEL}): ${result.originIdleRssMb ?? '?'} MB idle, ${result.originRssAfterLoadMb ?? '?'} MB after load` +
    (result.databaseIdleRssMb === null ? '' : `; the PGlite server beside it: ${result.databaseIdleRssMb} MB idle`) +
    (result.seed ? `; ${result.seed.products.toLocaleString('en')}-product seed: ${result.seed.seconds} s` : ''),
);
console.log('\ntargets (reported, not asserted):');
for (const check of Object.values(result.checks)) {
  const mark = check.pass === null ? 'n/a ' : check.pass ? 'ok  ' : 'MISS';
  console.log(`  ${mark} ${check.text}: ${check.value ?? 'not measured'}`);
}
for (const w of result.warnings ?? []) console.log(`  warning: ${w}`);

const resultsDir = join(ROOT, 'bench', 'results');
mkdirSync(resultsDir, { recursive: true });
const file = join(resultsDir, `${result.startedAt.replace(/[:.]/g, '-')}.json`);
writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
console.log(`\nbench: results written to ${file}`);
process.exit(0);
