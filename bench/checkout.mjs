#!/usr/bin/env node
// `node bench/checkout.mjs`: how many orders per second the checkout places on real PostgreSQL.
//
// Creates a scratch database on BENCH_DATABASE_URL's server (default
// postgres://postgres@127.0.0.1:5432/test; dropped at the end), starts the stack on free ports of
// 127.0.0.1 (the origin on Bun against that database, the edge under wrangler dev), creates
// products through the admin API, then measures:
//   (a) signed POST /internal/checkout at the origin, spread over many variants (target ≥ 300/s);
//   (b) the same, every order on one hot variant (target ≥ 150/s);
//   (c) shoppers through the edge: create cart, add item, checkout (target ≥ 100/s).
// Every request is a unique cart and Idempotency-Key. After each run the stock is checked: no
// oversell, every 201 has its order. Prints a table; writes bench/results/checkout-<ts>.json.
//
// Environment: BENCH_DURATION (s per run, default 10), BENCH_CONNECTIONS (default 32),
// BENCH_SHOPPERS (edge run, default 16), BENCH_POOL_SIZE (origin DATABASE_POOL_SIZE, default 20),
// BENCH_REDIS_URL (the origin's REDIS_URL, default redis://127.0.0.1:6379; `none`: in memory),
// BENCH_LOG=1 (print the servers' output), BENCH_RUNNER (the edge's runner: workerd, the
// default, serves the deploy bundle with no dev proxy and keeps its state in memory, see
// scripts/serve-workerd.mjs; wrangler: `wrangler dev` as `npm start` runs it).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import pg from 'pg';
import { LOAD_TEST_LIMITS, ROOT, startStack, stopAll } from '../scripts/lib/stack.mjs';
import { edgeCheckoutLoad, originCheckoutLoad, productBody } from './lib/checkout-load.mjs';
import { groupCpuTicks, microsPerUnit, postgresCpuTicks, redisCpuTicks } from './lib/cpu.mjs';
import { benchRunner } from './lib/runner.mjs';

const int = (name, fallback) => {
  const v = Number(process.env[name] || fallback);
  if (!Number.isInteger(v) || v < 1) throw new Error(`${name} must be a positive integer`);
  return v;
};
const DURATION = int('BENCH_DURATION', 10);
const CONNECTIONS = int('BENCH_CONNECTIONS', 32);
const SHOPPERS = int('BENCH_SHOPPERS', 16);
const POOL_SIZE = int('BENCH_POOL_SIZE', 20);
const LOG = Boolean(process.env.BENCH_LOG);
const RUNNER = benchRunner();
const SERVER_URL = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
// The origin's cache and sessions in Redis, as in production (REDIS_URL); BENCH_REDIS_URL=none keeps them in memory.
const REDIS_URL = process.env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379';
const STOCK = 1_000_000;

const budget = setTimeout(
  () => {
    console.error('bench: time limit exceeded; stopping');
    void stopAll().finally(() => process.exit(2));
  },
  (4 * DURATION + 240) * 1000,
);
budget.unref();
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => void stopAll().finally(() => process.exit(130)));

async function admin(base, token, method, path, body) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

/**
 * Stock and orders of a variant set after a run (every order buys one unit): nothing oversold,
 * on_hand untouched, reserved = orders, every 201 has its order. Orders committed while the
 * load tool was stopping (answers it no longer read) may exceed the 201s by up to `inFlight`.
 */
async function stockCheck(db, variantIds, orderIds, inFlight) {
  const [s] = (
    await db.query(
      `select coalesce(sum(reserved), 0)::int as reserved, count(*) filter (where reserved > on_hand)::int as oversold,
              count(*) filter (where on_hand <> $2)::int as "onHandChanged",
              (select count(distinct order_id)::int from order_lines where variant_id = any($1)) as "ordersInDb",
              (select count(*)::int from orders where id = any($3)) as "acknowledgedFound"
         from inventory_levels where variant_id = any($1)`,
      [variantIds, STOCK, orderIds],
    )
  ).rows;
  const unread = s.ordersInDb - orderIds.length;
  const ok =
    s.oversold === 0 &&
    s.onHandChanged === 0 &&
    s.reserved === s.ordersInDb &&
    s.acknowledgedFound === orderIds.length &&
    unread >= 0 &&
    unread <= inFlight;
  return { ok, acknowledged: orderIds.length, ...s, committedUnread: unread };
}

/** Outbox rows still pending and their failed attempts so far (retries cost the origin CPU). */
async function outboxBacklog(db) {
  const { rows } = await db.query(
    `select topic, count(*)::int as pending, sum(attempts)::int as attempts, max(last_error) as "lastError"
       from outbox_events where status = 'pending' group by topic order by topic`,
  );
  return rows;
}

/** Outbox events written so far (delivered or not; housekeeping prunes none during a bench). */
async function eventCount(db) {
  return (await db.query('select count(*)::int as n from outbox_events')).rows[0].n;
}

/** Commands the Redis server has processed so far (INFO stats), or null without Redis. */
let redis = null;
async function redisCommands() {
  if (REDIS_URL === 'none') return null;
  redis ??= new Redis(REDIS_URL, { lazyConnect: false, maxRetriesPerRequest: 1 });
  const info = await redis.info('stats');
  return Number(/total_commands_processed:(\d+)/.exec(info)?.[1] ?? Number.NaN);
}

const scratchName = `edgeshop_bench_${Date.now().toString(36)}`;
const server = new pg.Client({ connectionString: SERVER_URL });
await server.connect();
await server.query(`create database "${scratchName}"`);
const dbUrl = new URL(SERVER_URL);
dbUrl.pathname = `/${scratchName}`;
const result = {
  startedAt: new Date().toISOString(),
  config: { duration: DURATION, connections: CONNECTIONS, shoppers: SHOPPERS, poolSize: POOL_SIZE, runner: RUNNER },
  machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? null, node: process.version },
  runs: [],
};
let stack;
let db;
try {
  console.log(`bench: starting the stack on PostgreSQL (${scratchName}, pool ${POOL_SIZE})…`);
  stack = await startStack({
    edgeVars: LOAD_TEST_LIMITS,
    seedProducts: 0,
    databaseUrl: dbUrl.toString(),
    originEnv: { DATABASE_POOL_SIZE: String(POOL_SIZE), ...(REDIS_URL === 'none' ? {} : { REDIS_URL }) },
    edgeRunner: RUNNER,
    log: LOG,
  });
  db = new pg.Client({ connectionString: dbUrl.toString() });
  await db.connect();
  const call = (method, path, body) => admin(stack.originUrl, stack.adminToken, method, path, body);
  const zone = await call('POST', '/admin/shipping-zones', { name: 'US', countries: ['US'] });
  await call('POST', '/admin/shipping-methods', { zoneId: zone.id, name: 'Std', amount: 500, currency: 'USD' });
  const variantsOf = async (tag, products, perProduct) => {
    const ids = [];
    for (let p = 0; p < products; p++) {
      const product = await call('POST', '/admin/products', productBody(`${tag}-${p}`, perProduct, STOCK));
      ids.push(...product.variants.map((v) => v.id));
    }
    return ids;
  };
  const spread = await variantsOf('spread', 20, 10);
  const hot = await variantsOf('hot', 1, 1);
  const edgeSet = await variantsOf('edge', 5, 10);
  const any = (ids) => () => ids[Math.floor(Math.random() * ids.length)];

  // The edge goes first: the origin's outbox keeps retrying events of earlier runs for minutes
  // (see `outboxBefore`), which would weigh on whatever runs after them.
  const edgeRoute = existsSync(join(ROOT, 'edge', 'checkout', 'checkout.routes.ts'));
  const probe = edgeRoute ? await fetch(`${stack.edgeUrl}/api/carts/none/checkout`, { method: 'POST' }) : null;
  const probeCode = probe ? ((await probe.json().catch(() => ({}))).error?.code ?? null) : null;
  const scenarios = [
    { key: 'edge', name: 'edge cart → checkout', target: 100, ids: edgeSet, edge: true },
    { key: 'spread', name: `origin, ${spread.length} variants`, target: 300, ids: spread },
    { key: 'hot', name: 'origin, one hot variant', target: 150, ids: hot },
  ];
  for (const s of scenarios) {
    if (s.edge && (!probe || probeCode === 'not_found' || probe.status === 405)) {
      console.log('bench: the edge has no checkout route: (c) not available');
      result.runs.push({ key: s.key, name: s.name, target: s.target, available: false });
      continue;
    }
    const outboxBefore = await outboxBacklog(db);
    const width = s.edge ? `${SHOPPERS} shoppers` : `${CONNECTIONS} connections`;
    process.stdout.write(`bench: ${s.name}: ${DURATION} s × ${width}… `);
    // CPU per order, by server: what the capacity model (docs/scale.md) is built from.
    const groups = { origin: [stack.origin.pgid], edge: [stack.edge.pgid] };
    const cpuBefore = Object.fromEntries(Object.entries(groups).map(([k, g]) => [k, groupCpuTicks(g)]));
    const pgBefore = postgresCpuTicks();
    const redisBefore = redisCpuTicks();
    const eventsBefore = await eventCount(db);
    const commandsBefore = await redisCommands();
    const m = s.edge
      ? await edgeCheckoutLoad({ edgeUrl: stack.edgeUrl, duration: DURATION, shoppers: SHOPPERS, pick: any(s.ids) })
      : await originCheckoutLoad({
          originUrl: stack.originUrl,
          secret: stack.internalSecret,
          connections: CONNECTIONS,
          duration: DURATION,
          pick: any(s.ids),
        });
    const pgAfter = postgresCpuTicks();
    const orders = m.orderIds.length;
    m.cpuUsPerOrder = {
      ...Object.fromEntries(
        Object.entries(groups).map(([k, g]) => [k, microsPerUnit(cpuBefore[k], groupCpuTicks(g), orders)]),
      ),
      postgres: microsPerUnit(pgBefore, pgAfter, orders),
      redis: REDIS_URL === 'none' ? null : microsPerUnit(redisBefore, redisCpuTicks(), orders),
    };
    const commandsAfter = await redisCommands();
    m.redisCommandsPerOrder =
      commandsBefore === null || commandsAfter === null || !orders
        ? null
        : Math.round(((commandsAfter - commandsBefore) / orders) * 100) / 100;
    // Outbox events written per order: under QStash each is one message.
    m.eventsPerOrder = orders ? Math.round((((await eventCount(db)) - eventsBefore) / orders) * 100) / 100 : null;
    const check = await stockCheck(db, s.ids, m.orderIds, s.edge ? SHOPPERS : CONNECTIONS);
    console.log(`${m.ordersPerSec} orders/s, p99 ${m.latencyMs.p99} ms, stock ${check.ok ? 'ok' : 'WRONG'}`);
    result.runs.push({ key: s.key, name: s.name, target: s.target, ...m, orderIds: undefined, check, outboxBefore });
  }
} finally {
  await db?.end().catch(() => {});
  redis?.disconnect();
  await stack?.stop();
  await server.query(`drop database if exists "${scratchName}" with (force)`).catch(() => {});
  await server.end();
}
result.finishedAt = new Date().toISOString();

const pad = (s, n, right = true) => (right ? String(s).padStart(n) : String(s).padEnd(n));
console.log(
  `\n${pad('run', 30, false)}${pad('orders/s', 10)}${pad('target', 8)}${pad('p50 ms', 8)}${pad('p99 ms', 8)}${pad('errors', 8)}${pad('refused', 9)}  stock`,
);
for (const r of result.runs) {
  if (r.available === false) {
    console.log(`${pad(r.name, 30, false)}${pad('n/a', 10)}${pad(`≥${r.target}`, 8)}  (no edge checkout route)`);
    continue;
  }
  const refused = Object.values(r.refusals).reduce((a, b) => a + b, 0);
  const mark = r.ordersPerSec >= r.target ? '' : ' (MISS)';
  const stock = r.check.ok ? 'ok' : `WRONG ${JSON.stringify(r.check)}`;
  console.log(
    `${pad(r.name, 30, false)}${pad(r.ordersPerSec, 10)}${pad(`≥${r.target}`, 8)}${pad(r.latencyMs.p50, 8)}${pad(r.latencyMs.p99, 8)}${pad(r.errors, 8)}${pad(refused, 9)}  ${stock}${mark}`,
  );
  if (refused) console.log(`${' '.repeat(30)}refusals: ${JSON.stringify(r.refusals)}`);
  const cpu = Object.entries(r.cpuUsPerOrder ?? {}).filter(([, us]) => us !== null);
  if (cpu.length) console.log(`${' '.repeat(30)}CPU per order: ${cpu.map(([k, us]) => `${k} ${us} µs`).join(', ')}`);
  if (r.redisCommandsPerOrder !== null)
    console.log(
      `${' '.repeat(30)}Redis commands per order: ${r.redisCommandsPerOrder} (every client of that server counts)`,
    );
  if (r.eventsPerOrder !== null)
    console.log(`${' '.repeat(30)}outbox events (queue messages) per order: ${r.eventsPerOrder}`);
  const backlog = r.outboxBefore.map((b) => `${b.pending} ${b.topic} (${b.attempts} failed attempts)`).join(', ');
  if (backlog) console.log(`${' '.repeat(30)}outbox pending at start: ${backlog}`);
}
const dir = join(ROOT, 'bench', 'results');
mkdirSync(dir, { recursive: true });
const file = join(dir, `checkout-${result.startedAt.replace(/[:.]/g, '-')}.json`);
writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
console.log(`\nbench: results written to ${file}`);
process.exit(result.runs.every((r) => r.available === false || r.check.ok) ? 0 : 1);
