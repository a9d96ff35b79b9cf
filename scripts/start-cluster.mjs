#!/usr/bin/env node
// `npm run start:cluster -- --origins 3`: the stack of `npm start` with N origin instances behind
// HAProxy (Debian's package, installed when missing) instead of one origin.
//   - the edge reaches the proxy through its one ORIGIN_URL (:8788 by default), as it reaches
//     Cloudflare Load Balancing or any load balancer in production;
//   - the instances share nothing but the database (DATABASE_URL, default the embedded PGlite
//     served on :5433; a postgres:// URL for a real server), Redis (REDIS_URL, default
//     redis://127.0.0.1:6379) and the outbox; each one's pool is its share of max_connections;
//   - HAProxy checks GET /health/ready every 0.5 s, ejects an instance whose connections fail,
//     and routes paths to pools by origin/service-routes.json;
//   - an instance that dies is started again (the proxy keeps serving from the others);
//     Ctrl-C / SIGTERM drains and stops everything, HAProxy included.
// Options: --origins N (default 3); --pool <services> (repeatable): split the shop into pools,
// each of N instances serving those subsystems (ORIGIN_SERVICES), e.g.
//   --origins 2 --pool catalog,members,customers --pool checkout,orders,inventory,payment,logistics --pool rating,support
// Environment as `npm start` (EDGE_PORT, ORIGIN_PORT = the
// proxy's port, SANDBOX_CARD_PORT, SANDBOX_CARRIER_PORT, PGLITE_PORT, SEED_PRODUCTS, ADMIN_TOKEN,
// INTERNAL_SECRET, DATABASE_URL) plus REDIS_URL.
import { parseArgs } from 'node:util';
import { launcher, stackSettings } from './lib/launcher.mjs';
import { startStack, stopAll } from './lib/stack.mjs';

const { fail, say, port } = launcher('start:cluster');
const { values } = parseArgs({
  options: { origins: { type: 'string', default: '3' }, pool: { type: 'string', multiple: true } },
});
const origins = Number(values.origins);
if (!Number.isInteger(origins) || origins < 1 || origins > 16) fail('--origins must be an integer from 1 to 16');
// --pool catalog,members,customers --pool checkout,orders,inventory,payment,logistics ...: the
// shop split into subsystems, `--origins` instances in each pool (ORIGIN_SERVICES).
const layout = values.pool?.map((services) => ({ services, instances: origins }));

const {
  edgePort,
  originPort: proxyPort,
  cardPort,
  carrierPort,
  databaseUrl,
  databasePort,
  seedProducts,
} = await stackSettings({ fail, port });

/** @type {import('./lib/stack.d.mts').Stack | undefined} */
let stack;
let shuttingDown = false;
async function shutdown(reason, code) {
  if (shuttingDown) return;
  shuttingDown = true;
  say(`\nstart:cluster: ${reason}; draining and stopping…`);
  await (stack ? stack.stop() : stopAll());
  say('start:cluster: stopped.');
  process.exit(code);
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => void shutdown(`${signal} received`, 0));

say(
  `start:cluster: ${origins} origin instance(s)${layout ? ` in each of ${layout.length} pools` : ''} behind HAProxy on :${proxyPort}, the edge on :${edgePort}…`,
);
try {
  stack = await startStack({
    temporary: false,
    origins,
    cluster: true,
    layout,
    edgePort,
    originPort: proxyPort,
    cardPort,
    carrierPort,
    databaseUrl,
    databasePort: databasePort ?? undefined,
    seedProducts,
    log: true,
  });
} catch (err) {
  console.error(`\nstart:cluster: failed: ${err instanceof Error ? err.message : String(err)}`);
  await stopAll();
  process.exit(1);
}

const cluster = /** @type {import('./lib/stack.d.mts').ClusterHandle} */ (stack.cluster);
say(`
edgeshop cluster is running
  Storefront (edge)      ${stack.edgeUrl}/        (GET /health)
  Origin (HAProxy)       ${stack.originUrl}        ORIGIN_URL of the edge
  Instances              ${cluster.names.map((n, i) => `${n} :${cluster.ports[i]}`).join(', ')}
                         GET /health/live, /health/ready on each; pool ${cluster.poolSize} connections each
  HAProxy config         ${cluster.configPath}
  HAProxy admin socket   ${cluster.statsSocket}   (echo "show servers state" | socat - ${cluster.statsSocket})
  Data                   ${stack.databaseUrl}; Redis ${process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'}
Press Ctrl-C to stop.
`);

// Supervise the instances: one that dies is started again; the proxy serves from the others meanwhile.
cluster.instances.forEach(function watch(proc, i) {
  proc.exited.then(async (status) => {
    if (shuttingDown || proc.stopping) return;
    say(`start:cluster: ${cluster.names[i]} exited (${JSON.stringify(status)}); starting it again`);
    try {
      watch(await cluster.restart(i), i);
    } catch (err) {
      console.error(
        `start:cluster: ${cluster.names[i]} did not start again: ${err instanceof Error ? err.message : err}`,
      );
    }
  });
});

const first = await stack.exited;
if (first && !shuttingDown)
  await shutdown(`${first.name} exited unexpectedly (code ${first.code}, signal ${first.signal})`, 1);
