#!/usr/bin/env node
// `npm run bench:cluster`: what cluster mode buys on this machine, all in one run.
//
// Starts the cluster stack (3 origin instances behind HAProxy, the edge in workerd) on a scratch
// database of BENCH_DATABASE_URL's server (default postgres://postgres@127.0.0.1:5432/test;
// dropped at the end) and Redis (REDIS_URL, default redis://127.0.0.1:6379), then measures,
// through the proxy (ORIGIN_URL of the edge):
//   1. checkout orders/s (signed POST /internal/checkout, a unique cart and key each) and
//      catalog req/s (signed GET /internal/catalog/products) with 1, 2 and 3 instances in
//      rotation (the others disabled on HAProxy's admin socket), in interleaved rounds;
//   2. checkout orders/s with 3 instances, without and with a flood of review and search
//      requests at 10× the unflooded checkout request rate (goal: ≥ 90 % of the unflooded rate);
//   3. the time from `kill -9` of an instance to HAProxy taking it out of rotation, idle (active
//      checks only) and under load (passive ejection on the failed connections).
// Medians of the rounds; ratios against the 1-instance baseline measured in this same run.
// Prints a table; writes bench/results/cluster-<ts>.json.
//
// Environment: BENCH_DURATION (s per measurement, default 5), BENCH_ROUNDS (default 2),
// BENCH_CONNECTIONS (default 32), BENCH_LOG=1 (the servers' output).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { haproxyCommand } from '../scripts/lib/haproxy.mjs';
import { LOAD_TEST_LIMITS, ROOT, startStack, stopAll } from '../scripts/lib/stack.mjs';
import { originCheckoutLoad, productBody, signInternal } from './lib/checkout-load.mjs';

const int = (name, fallback) => {
  const v = Number(process.env[name] || fallback);
  if (!Number.isInteger(v) || v < 1) throw new Error(`${name} must be a positive integer`);
  return v;
};
const DURATION = int('BENCH_DURATION', 5);
const ROUNDS = int('BENCH_ROUNDS', 2);
const CONNECTIONS = int('BENCH_CONNECTIONS', 32);
const LOG = Boolean(process.env.BENCH_LOG);
const SERVER_URL = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const STOCK = 1_000_000;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : null;
};

const budget = setTimeout(
  () => {
    console.error('bench:cluster: time limit exceeded; stopping');
    void stopAll().finally(() => process.exit(2));
  },
  (ROUNDS * 10 * DURATION + 300) * 1000,
);
budget.unref();
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => void stopAll().finally(() => process.exit(130)));

/** Signed GETs through the proxy at full speed (`overallRate` to pace them), `paths` in turn. */
function signedGets({ url, secret, paths, duration, connections, overallRate }) {
  let n = 0;
  return new Promise((resolve, reject) => {
    const requests = [
      {
        method: 'GET',
        setupRequest(req) {
          const path = paths[n++ % paths.length];
          // The signature covers the path with its query (contract/signing.ts).
          return { ...req, path, headers: signInternal(secret, 'GET', path, '') };
        },
      },
    ];
    autocannon(
      { url, duration, connections, timeout: 10, requests, ...(overallRate ? { overallRate } : {}) },
      (err, r) => {
        if (err) return reject(err);
        resolve({
          reqPerSec: Math.round(r.requests.average),
          ok: r['2xx'],
          non2xx: r.non2xx,
          errors: r.errors + r.timeouts,
          p99: r.latency.p99,
        });
      },
    );
  });
}

const scratchName = `edgeshop_bench_${Date.now().toString(36)}`;
const server = new pg.Client({ connectionString: SERVER_URL });
await server.connect();
await server.query(`create database "${scratchName}"`);
const scratchUrl = new URL(SERVER_URL);
scratchUrl.pathname = `/${scratchName}`;
let stack;
try {
  console.log(`bench:cluster: starting 3 origins behind HAProxy on ${os.cpus().length} cores…`);
  stack = await startStack({
    origins: 3,
    edgeRunner: 'workerd',
    databaseUrl: scratchUrl.toString(),
    seedProducts: 50,
    edgeVars: LOAD_TEST_LIMITS,
    log: LOG,
  });
  const cluster = stack.cluster;
  const call = async (method, path, body) => {
    const res = await fetch(`${stack.originUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${stack.adminToken}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text.slice(0, 300)}`);
    return JSON.parse(text);
  };
  const zone = await call('POST', '/admin/shipping-zones', { name: 'US', countries: ['US'] });
  await call('POST', '/admin/shipping-methods', { zoneId: zone.id, name: 'Std', amount: 500, currency: 'USD' });
  const product = await call('POST', '/admin/products', productBody('cluster', 50, STOCK));
  const variantIds = product.variants.map((v) => v.id);
  let next = 0;
  const pick = () => variantIds[next++ % variantIds.length];
  const slugs = ['bench-cluster'];

  /** Puts the first `n` instances in rotation, the others in maintenance. */
  const useInstances = async (n) => {
    for (const [i, name] of cluster.names.entries()) {
      await haproxyCommand(cluster.statsSocket, `${i < n ? 'enable' : 'disable'} server pool_all/${name}`);
    }
    await sleep(300);
  };
  const orders = async () =>
    originCheckoutLoad({
      originUrl: stack.originUrl,
      secret: stack.internalSecret,
      duration: DURATION,
      connections: CONNECTIONS,
      pick,
    });
  const catalog = async () =>
    signedGets({
      url: stack.originUrl,
      secret: stack.internalSecret,
      paths: ['/internal/catalog/products?limit=20', `/internal/catalog/products/${slugs[0]}`],
      duration: DURATION,
      connections: CONNECTIONS,
    });

  // 1. Scaling: interleaved rounds of 1, 2, 3 instances.
  const scaling = { 1: { orders: [], catalog: [] }, 2: { orders: [], catalog: [] }, 3: { orders: [], catalog: [] } };
  for (let round = 0; round < ROUNDS; round++) {
    for (const n of [1, 2, 3]) {
      await useInstances(n);
      const o = await orders();
      const c = await catalog();
      scaling[n].orders.push(o.ordersPerSec);
      scaling[n].catalog.push(c.reqPerSec);
      console.log(
        `  round ${round + 1}, ${n} instance(s): ${o.ordersPerSec} orders/s (refused ${JSON.stringify(o.refusals)}, errors ${o.errors}), catalog ${c.reqPerSec} req/s (non-2xx ${c.non2xx}, errors ${c.errors})`,
      );
    }
  }
  await useInstances(3);

  // 2. Flood: checkout alone, then with reviews and searches at 10× its request rate.
  const flood = { alone: [], flooded: [], floodRate: [] };
  for (let round = 0; round < ROUNDS; round++) {
    const alone = await orders();
    flood.alone.push(alone.ordersPerSec);
    const rate = Math.max(10, Math.round((10 * alone.requests) / DURATION));
    const [flooded, aux] = await Promise.all([
      orders(),
      signedGets({
        url: stack.originUrl,
        secret: stack.internalSecret,
        paths: [
          `/internal/catalog/products/${slugs[0]}/reviews`,
          '/internal/catalog/products?q=cotton&limit=20',
          '/internal/catalog/products?q=cedar&limit=20',
        ],
        duration: DURATION,
        connections: CONNECTIONS * 2,
        overallRate: rate,
      }),
    ]);
    flood.flooded.push(flooded.ordersPerSec);
    flood.floodRate.push(aux.reqPerSec);
    console.log(
      `  flood round ${round + 1}: alone ${alone.ordersPerSec} orders/s; with ${aux.reqPerSec} aux req/s (asked ${rate}/s; shed ${aux.non2xx}) ${flooded.ordersPerSec} orders/s`,
    );
  }

  // 3. Ejection: kill -9, then how long until the proxy reports the server down.
  const ejection = [];
  for (const [label, underLoad] of [
    ['idle (active checks)', false],
    ['under load (passive)', true],
  ]) {
    const i = 2;
    let running = true;
    const load = underLoad
      ? signedGets({
          url: stack.originUrl,
          secret: stack.internalSecret,
          paths: ['/internal/catalog/products?limit=20'],
          duration: 4,
          connections: 8,
        })
      : null;
    if (underLoad) await sleep(500);
    const pid = await cluster.pidOf(i);
    const killedAt = performance.now();
    process.kill(pid, 'SIGKILL');
    let ms = null;
    while (performance.now() - killedAt < 10_000) {
      const states = await cluster.states();
      if (!states.find((s) => s.server === cluster.names[i])?.up) {
        ms = Math.round(performance.now() - killedAt);
        break;
      }
      await sleep(10);
    }
    running = false;
    const loadResult = await load;
    ejection.push({ label, ms, loadErrors: loadResult ? loadResult.errors + loadResult.non2xx : null });
    console.log(
      `  ejection ${label}: ${ms} ms${loadResult ? ` (failed requests during it: ${loadResult.errors + loadResult.non2xx})` : ''}`,
    );
    void running;
    await cluster.restart(i);
    for (let t = 0; t < 100 && !(await cluster.states()).every((s) => s.up); t++) await sleep(100);
  }

  const base = { orders: median(scaling[1].orders), catalog: median(scaling[1].catalog) };
  const ratio = (v, b) => (b ? Math.round((v / b) * 100) / 100 : null);
  const table = [1, 2, 3].map((n) => {
    const o = median(scaling[n].orders);
    const c = median(scaling[n].catalog);
    return {
      instances: n,
      ordersPerSec: o,
      ordersRatio: ratio(o, base.orders),
      catalogPerSec: c,
      catalogRatio: ratio(c, base.catalog),
    };
  });
  const floodShare = ratio(median(flood.flooded), median(flood.alone));
  console.log('\ninstances  orders/s  (×1-inst)  catalog req/s  (×1-inst)');
  for (const r of table) {
    console.log(
      `${String(r.instances).padEnd(10)} ${String(r.ordersPerSec).padEnd(9)} ${String(r.ordersRatio).padEnd(10)} ${String(r.catalogPerSec).padEnd(14)} ${r.catalogRatio}`,
    );
  }
  console.log(
    `checkout with a 10× flood of reviews and search: ${median(flood.flooded)} vs ${median(flood.alone)} orders/s alone = ${Math.round((floodShare ?? 0) * 100)} % (goal ≥ 90 %)`,
  );
  for (const e of ejection) console.log(`kill -9 → ejected by HAProxy, ${e.label}: ${e.ms} ms`);
  console.log(
    `\nThis machine has ${os.cpus().length} cores shared by the load tool, HAProxy, PostgreSQL, Redis, the edge and every instance: more instances add processes, not cores, so the ratios show the cost and the headroom of the cluster here, not what N machines would give.`,
  );
  const dir = join(ROOT, 'bench', 'results');
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true });
  const file = join(dir, `cluster-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(
    file,
    JSON.stringify(
      {
        cores: os.cpus().length,
        duration: DURATION,
        rounds: ROUNDS,
        connections: CONNECTIONS,
        poolSize: cluster.poolSize,
        scaling,
        table,
        flood,
        floodShare,
        ejection,
      },
      null,
      2,
    ),
  );
  console.log(`written ${file}`);
} finally {
  await stack?.stop();
  await server.query(`drop database if exists "${scratchName}" with (force)`);
  await server.end();
}
process.exit(0);
