// Starts the whole stack (seed → edge → origin) for `npm start`, the e2e tests and the bench.
// Every process runs under scripts/lib/proc.mjs, so none outlives its starter.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHECK, ensureHaproxy, haproxyConfig, serverStates, startHaproxy } from './haproxy.mjs';
import { connectionLimits, MAX_POOL, poolSizeFor } from './pool-size.mjs';
import { ManagedProcess, waitForHttp } from './proc.mjs';

export { groupMembers, ManagedProcess, readRssKb, stopAll, waitForHttp } from './proc.mjs';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN_DIR = join(ROOT, 'node_modules', '.bin');
export const DEV_ADMIN_TOKEN = 'dev-admin-token';
export const DEV_INTERNAL_SECRET = 'dev-internal-secret';
/** The shoppers' access-token key ring in development: DEV_AUTH_TOKEN_KEYS of contract/access-token.ts. */
export const DEV_AUTH_TOKEN_KEYS = 'dev-1:development-only-access-token-key-do-not-deploy';
const WRANGLER_JS = join(ROOT, 'node_modules', 'wrangler', 'bin', 'wrangler.js');
const LOOPBACK = '127.0.0.1';
const TEMP_PREFIX = 'edgeshop-stack-';
const OWNER_FILE = 'owner.pid';

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return /** @type {NodeJS.ErrnoException} */ (err).code === 'EPERM';
  }
}

/**
 * A temporary directory for one stack, marked with our pid. Directories left by a starter that
 * was killed before it could clean up (its processes are gone: their guards saw to that) are
 * removed on the way.
 */
export function makeTempRoot(base = tmpdir()) {
  for (const entry of readdirSync(base)) {
    if (!entry.startsWith(TEMP_PREFIX)) continue;
    try {
      const owner = Number(readFileSync(join(base, entry, OWNER_FILE), 'utf8'));
      if (owner > 0 && !isAlive(owner)) rmSync(join(base, entry), { recursive: true, force: true });
    } catch {
      // not ours, or being created right now
    }
  }
  const dir = mkdtempSync(join(base, TEMP_PREFIX));
  writeFileSync(join(dir, OWNER_FILE), String(process.pid));
  return dir;
}

/**
 * Node ≥ 22 for wrangler: this process's own Node when it is recent enough (npm scripts run on
 * the `node` devDependency), otherwise the one in node_modules/.bin.
 */
export function nodeBinary() {
  const major = Number(process.versions.node.split('.')[0]);
  return major >= 22 ? process.execPath : join(BIN_DIR, 'node');
}

/** The environment for children: node_modules/.bin first on PATH, wrangler kept offline. */
export function childEnv(extra = {}) {
  const env = { ...process.env, PATH: `${BIN_DIR}${delimiter}${process.env.PATH ?? ''}`, ...extra };
  env.WRANGLER_SEND_METRICS = 'false';
  env.CLOUDFLARE_CF_FETCH_ENABLED = 'false';
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete env[key];
  return env;
}

/** The kernel's range for ephemeral ports (`bind(0)` and outgoing connections). */
function ephemeralRange() {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    if (low && high) return { low, high };
  } catch {
    // not Linux
  }
  return { low: 32768, high: 60999 };
}

/** Ports handed out by getFreePort() in this process, never handed out twice. */
const givenPorts = new Set();

/**
 * A port that is free on 127.0.0.1, chosen below the ephemeral range: wrangler and workerd
 * bind several ports of their own with `bind(0)` while the stack starts, and a port picked
 * from that same range could be taken by one of them before our server listens on it.
 * @returns {Promise<number>}
 */
export async function getFreePort() {
  const { low } = ephemeralRange();
  const min = 10_000;
  const max = Math.max(min + 1000, low - 1);
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = min + Math.floor(Math.random() * (max - min));
    if (port === 8787 || port === 8788 || givenPorts.has(port)) continue;
    if (!(await isPortInUse(port))) {
      givenPorts.add(port);
      return port;
    }
  }
  // Fall back to whatever the kernel gives.
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Whether something already listens on 127.0.0.1:port. */
export function isPortInUse(port) {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(true));
    server.listen(port, LOOPBACK, () => server.close(() => resolve(false)));
  });
}

/** A printer that prefixes each line with a label, for `onLine` (`log: true` in the options below). */
export function prefixedPrinter(label, color) {
  const useColor = process.stdout.isTTY && !process.env.NO_COLOR;
  const prefix = useColor && color ? `\x1b[${color}m${label.padEnd(6)}|\x1b[0m ` : `${label.padEnd(6)}| `;
  return (line, stream) => (stream === 'stderr' ? process.stderr : process.stdout).write(`${prefix}${line}\n`);
}

function lineHandler(log, label, color) {
  if (typeof log === 'function') return (line, stream) => log(label, line, stream);
  return log ? prefixedPrinter(label, color) : undefined;
}

/**
 * Runs `bun db/seed.ts` and waits for it.
 * @param {{ databaseUrl?: string, products: number, ifEmpty?: boolean, log?: boolean | Function, timeoutMs?: number }} options
 */
export async function runSeed({ databaseUrl, products, ifEmpty = true, log = false, timeoutMs = 600_000 }) {
  const args = ['db/seed.ts', '--products', String(products)];
  if (ifEmpty) args.push('--if-empty');
  const started = performance.now();
  const proc = new ManagedProcess('seed', join(BIN_DIR, 'bun'), args, {
    cwd: ROOT,
    env: childEnv(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    onLine: lineHandler(log, 'seed', '35'),
  });
  let timer;
  const timedOut = new Promise((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const outcome = await Promise.race([proc.exited, timedOut]);
  clearTimeout(timer);
  if (outcome === 'timeout') {
    await proc.stop();
    throw new Error(`seed did not finish within ${timeoutMs} ms. Last output:\n${proc.output()}`);
  }
  await proc.stop(); // sweeps anything the seed left in its group
  const { code, signal } = /** @type {{ code: number | null, signal: string | null }} */ (outcome);
  if (code !== 0) throw new Error(`seed failed (code ${code}, signal ${signal}). Last output:\n${proc.output()}`);
  return { ms: Math.round(performance.now() - started), output: proc.output(200) };
}

/**
 * Starts `wrangler dev` for a config (the real edge by default) and waits until it answers.
 * @param {{ port: number, config?: string, vars?: Record<string, string>, persistTo?: string, inspectorPort?: number, log?: boolean | Function, label?: string, readyPath?: string, timeoutMs?: number, logLevel?: string }} options
 */
export function startWrangler(options) {
  const args = [WRANGLER_JS, 'dev', '--ip', LOOPBACK, '--port', String(options.port)];
  args.push('--log-level', options.logLevel ?? 'warn', '--show-interactive-dev-session=false');
  return startWorkerProcess(args, options);
}

/**
 * The Worker of `config` served by scripts/serve-workerd.mjs: its deploy bundle in workerd, no
 * development proxy (the bench's runner). Same options and answer as `startWrangler`.
 * @param {{ port: number, config?: string, vars?: Record<string, string>, persistTo?: string, inspectorPort?: number, log?: boolean | Function, label?: string, readyPath?: string, timeoutMs?: number }} options
 */
export function startWorkerd(options) {
  const args = [join(ROOT, 'scripts', 'serve-workerd.mjs'), '--ip', LOOPBACK, '--port', String(options.port)];
  return startWorkerProcess(args, options);
}

/** Runs a Worker runner (`args`, given the common flags of both) and waits until it answers. */
async function startWorkerProcess(args, options) {
  const {
    port,
    config,
    vars = {},
    persistTo,
    inspectorPort,
    log = false,
    label = 'edge',
    timeoutMs = 90_000,
  } = options;
  if (config) args.push('--config', config);
  if (persistTo) args.push('--persist-to', persistTo);
  if (inspectorPort) args.push('--inspector-port', String(inspectorPort));
  for (const [key, value] of Object.entries(vars)) args.push('--var', `${key}:${value}`);
  const proc = new ManagedProcess(label, nodeBinary(), args, {
    cwd: ROOT,
    // Also in the environment: wrangler reads `[secrets] required` names from it (no warning,
    // and they become secret bindings) unless a .dev.vars file exists.
    env: childEnv(vars),
    onLine: lineHandler(log, label, '36'),
  });
  const url = `http://${LOOPBACK}:${port}`;
  try {
    // Any answer from the Worker itself (an unknown route is a 404) means it is serving.
    const ms = await waitForHttp(`${url}${options.readyPath ?? '/__stack/ready'}`, { proc, timeoutMs });
    return { url, proc, readyMs: ms };
  } catch (err) {
    await proc.stop();
    throw err;
  }
}

/**
 * Where a temporary stack keeps the Worker's state: in memory (/dev/shm, when there is one) for
 * the workerd runner, which exists for the bench. Local Durable Objects write SQLite files on the isolate's thread and sync them
 * to disk on every commit, which production storage does not do; a load test on a laptop disk
 * would measure the disk.
 */
function workerStateDir(tempRoot, inMemory) {
  return inMemory && existsSync('/dev/shm') ? makeTempRoot('/dev/shm') : join(tempRoot, 'wrangler-state');
}

/**
 * Starts the origin (`bun origin/server.ts`) and waits for `GET /health`. It runs with
 * `NODE_ENV=development` on 127.0.0.1 (the dev mailbox and the defaults of the settings not
 * given): without it the origin applies production rules and refuses to start.
 * `options.env` may override it.
 * @param {{ port: number, databaseUrl?: string, adminToken: string, internalSecret: string, edgeUrl: string, env?: Record<string, string>, log?: boolean | Function, timeoutMs?: number, label?: string }} options
 */
export async function startOrigin(options) {
  const {
    port,
    databaseUrl,
    adminToken,
    internalSecret,
    edgeUrl,
    log = false,
    timeoutMs = 90_000,
    label = 'origin',
  } = options;
  const env = childEnv({
    NODE_ENV: 'development',
    PORT: String(port),
    HOST: LOOPBACK,
    ADMIN_TOKEN: adminToken,
    INTERNAL_SECRET: internalSecret,
    EDGE_URL: edgeUrl,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...options.env,
  });
  const proc = new ManagedProcess(label, join(BIN_DIR, 'bun'), ['origin/server.ts'], {
    cwd: ROOT,
    env,
    onLine: lineHandler(log, label, '33'),
  });
  const url = `http://${LOOPBACK}:${port}`;
  try {
    const ms = await waitForHttp(`${url}/health`, { proc, timeoutMs, accept: (s) => s === 200 });
    return { url, proc, readyMs: ms };
  } catch (err) {
    await proc.stop();
    throw err;
  }
}

/** The PGlite directory a database URL names (unset: the default `.data/pglite`), or null. */
export function pgliteDirOf(databaseUrl) {
  if (!databaseUrl) return join(ROOT, '.data', 'pglite');
  return databaseUrl.startsWith('pglite://') ? databaseUrl.slice('pglite://'.length) : null;
}

/**
 * Starts the local database server (`bun db/serve.ts`, db/local-server.ts): one PGlite directory
 * served with the PostgreSQL wire protocol, so the origin and the seed reach it through `pg` the
 * way production reaches Neon, and PGlite's memory is not the origin's. Resolves once it
 * accepts connections, with its `postgres://` URL.
 * @param {{ dir: string, port?: number, log?: boolean | Function, timeoutMs?: number }} options
 */
export async function startDatabaseServer({ dir, port = 0, log = false, timeoutMs = 60_000 }) {
  /** @type {(url: string) => void} */
  let announced = () => {};
  const serving = new Promise((resolve) => {
    announced = resolve;
  });
  const print = lineHandler(log, 'db', '34');
  const proc = new ManagedProcess('db', join(BIN_DIR, 'bun'), ['db/serve.ts'], {
    cwd: ROOT,
    env: childEnv({ PGLITE_DIR: dir, PGLITE_PORT: String(port) }),
    onLine: (line, stream) => {
      const match = /^serving .* at (postgres:\/\/\S+)$/.exec(line);
      if (match) announced(match[1]);
      print?.(line, stream);
    },
  });
  let timer;
  const outcome = await Promise.race([
    serving,
    proc.exited.then(() => null),
    new Promise((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    }),
  ]);
  clearTimeout(timer);
  if (typeof outcome === 'string' && outcome.startsWith('postgres://')) return { url: outcome, proc };
  await proc.stop();
  const why =
    outcome === 'timeout' ? `did not serve within ${timeoutMs} ms` : `exited (${JSON.stringify(proc.exitStatus)})`;
  throw new Error(`the database server for ${dir} ${why}. Last output:\n${proc.output()}`);
}

/**
 * Starts one sandbox service (`bun sandbox/<name>/server.ts`): the stand-in payment processor
 * or carrier, the outside parties of a shop, with the origin's webhook route as their target.
 * @param {{ name: 'card' | 'carrier', port: number, env: Record<string, string>, log?: boolean | Function, timeoutMs?: number }} options
 */
export async function startSandbox({ name, port, env, log = false, timeoutMs = 30_000 }) {
  const label = name === 'card' ? 'card' : 'carrier';
  const proc = new ManagedProcess(label, join(BIN_DIR, 'bun'), [`sandbox/${name}/server.ts`], {
    cwd: ROOT,
    env: childEnv({ PORT: String(port), HOST: LOOPBACK, ...env }),
    onLine: lineHandler(log, label, '32'),
  });
  const url = `http://${LOOPBACK}:${port}`;
  try {
    await waitForHttp(`${url}/health`, { proc, timeoutMs, accept: (s) => s === 200 });
    return { url, proc };
  } catch (err) {
    await proc.stop();
    throw err;
  }
}

/**
 * Edge rate limits for load from one machine (the bench, the e2e tests): every request comes
 * from 127.0.0.1, which the production limits rightly treat as one shopper. The API class stays
 * on (very high) so its token leasing is still exercised; checkout limits are off.
 */
export const LOAD_TEST_LIMITS = {
  RATE_LIMIT_API: '100000000',
  RATE_LIMIT_CHECKOUT: '0',
  RATE_LIMIT_AUTH: '100000',
  RATE_LIMIT_CONVERSATIONS: '100000',
};

/** Development credentials of the sandboxes (the origin's defaults); a temporary stack makes its own. */
const DEV_SANDBOX = {
  cardKey: 'sk_test_sandbox',
  cardWebhookSecret: 'whsec_sandbox_card',
  carrierKey: 'ck_test_sandbox',
  carrierWebhookSecret: 'whsec_sandbox_carrier',
};

/**
 * The whole stack. By default on free ports with a temporary PGlite directory and a temporary
 * wrangler state directory, removed again by `stop()`.
 *
 * Order: a PGlite database gets its server first (`startDatabaseServer`), which the seed then
 * fills while the edge and the sandboxes start; then the origin, on the same server, whose
 * outbox relay can reach the edge at once. `stop()` stops the database last.
 * @param {import('./stack.d.mts').StackOptions} [options]
 * @returns {Promise<import('./stack.d.mts').Stack>}
 */
export async function startStack(options = {}) {
  const temporary = options.temporary ?? true;
  const tempRoot = temporary ? makeTempRoot() : null;
  const databaseUrl = options.databaseUrl ?? (tempRoot ? `pglite://${join(tempRoot, 'pglite')}` : undefined);
  const persistTo =
    options.persistTo ?? (tempRoot ? workerStateDir(tempRoot, options.edgeRunner === 'workerd') : undefined);
  const pgliteDir = pgliteDirOf(databaseUrl);
  // A temporary stack gets its own credentials, so it can never talk to a dev stack by mistake.
  const adminToken =
    options.adminToken ?? (temporary ? `test-admin-${randomUUID()}` : (process.env.ADMIN_TOKEN ?? DEV_ADMIN_TOKEN));
  const internalSecret =
    options.internalSecret ??
    (temporary ? `test-internal-${randomUUID()}` : (process.env.INTERNAL_SECRET ?? DEV_INTERNAL_SECRET));
  // Edge and origin must share the ring: the origin signs access tokens, the edge verifies them.
  const authTokenKeys = temporary
    ? `tmp-1:${randomUUID()}${randomUUID()}`
    : (process.env.AUTH_TOKEN_KEYS ?? DEV_AUTH_TOKEN_KEYS);
  const edgePort = options.edgePort ?? (await getFreePort());
  const originPort = options.originPort ?? (await getFreePort());
  const inspectorPort = options.inspectorPort ?? (temporary ? await getFreePort() : undefined);
  const cardPort = options.cardPort ?? (await getFreePort());
  const carrierPort = options.carrierPort ?? (await getFreePort());
  const sandboxSecrets = temporary
    ? {
        cardKey: `sk_test_${randomUUID()}`,
        cardWebhookSecret: `whsec_${randomUUID()}`,
        carrierKey: `ck_test_${randomUUID()}`,
        carrierWebhookSecret: `whsec_${randomUUID()}`,
      }
    : DEV_SANDBOX;
  const log = options.log ?? false;
  const originCount = options.origins ?? 1;
  const originUrl = `http://${LOOPBACK}:${originPort}`;
  const edgeUrl = `http://${LOOPBACK}:${edgePort}`;

  /** @type {ManagedProcess[]} */
  const procs = [];
  let stopped = false;
  /** @type {ManagedProcess | null} */
  let databaseProc = null;
  const cleanup = async () => {
    stopped = true;
    // The database last, so that nothing loses its connection while it is stopping.
    await Promise.all(procs.filter((p) => p !== databaseProc).map((p) => p.stop()));
    await databaseProc?.stop();
    if (tempRoot && !process.env.STACK_KEEP_TEMP) {
      rmSync(tempRoot, { recursive: true, force: true });
      if (persistTo && !options.persistTo) rmSync(persistTo, { recursive: true, force: true });
    }
  };

  try {
    const databaseTask = pgliteDir
      ? startDatabaseServer({ dir: pgliteDir, port: options.databasePort ?? 0, log })
      : Promise.resolve(null);
    databaseTask.then(
      (d) => {
        if (!d) return;
        databaseProc = d.proc;
        procs.push(d.proc);
      },
      () => {},
    );
    const seedTask = databaseTask.then((database) =>
      options.seedProducts === 0
        ? null
        : runSeed({
            databaseUrl: database?.url ?? databaseUrl,
            products: options.seedProducts ?? 200,
            ifEmpty: true,
            log,
          }),
    );
    const startEdge = options.edgeRunner === 'workerd' ? startWorkerd : startWrangler;
    const edgeTask = startEdge({
      port: edgePort,
      persistTo,
      inspectorPort,
      vars: {
        // A local origin over plain http: allowed in development only (edge/lib/config.ts).
        ENVIRONMENT: 'development',
        INTERNAL_SECRET: internalSecret,
        AUTH_TOKEN_KEYS: authTokenKeys,
        ORIGIN_URL: originUrl,
        ...options.edgeVars,
      },
      log,
    });
    edgeTask.then((e) => procs.push(e.proc)).catch(() => {});
    const cardTask = startSandbox({
      name: 'card',
      port: cardPort,
      log,
      env: {
        SANDBOX_CARD_SECRET_KEY: sandboxSecrets.cardKey,
        SANDBOX_CARD_WEBHOOK_SECRET: sandboxSecrets.cardWebhookSecret,
        SANDBOX_CARD_WEBHOOK_URL: `${originUrl}/webhooks/payments/sandbox-card`,
        ...options.sandboxEnv,
      },
    });
    cardTask.then((c) => procs.push(c.proc)).catch(() => {});
    const carrierTask = startSandbox({
      name: 'carrier',
      port: carrierPort,
      log,
      env: {
        SANDBOX_CARRIER_API_KEY: sandboxSecrets.carrierKey,
        SANDBOX_CARRIER_WEBHOOK_SECRET: sandboxSecrets.carrierWebhookSecret,
        SANDBOX_CARRIER_WEBHOOK_URL: `${originUrl}/webhooks/carriers/sandbox-carrier`,
        ...options.sandboxEnv,
      },
    });
    carrierTask.then((c) => procs.push(c.proc)).catch(() => {});
    const [seedResult, edge, card, carrier] = await Promise.allSettled([seedTask, edgeTask, cardTask, carrierTask]);
    if (seedResult.status === 'rejected') throw seedResult.reason;
    const database = await databaseTask;
    if (edge.status === 'rejected') throw edge.reason;
    if (card.status === 'rejected') throw card.reason;
    if (carrier.status === 'rejected') throw carrier.reason;
    const originOptions = {
      databaseUrl: database?.url ?? databaseUrl,
      adminToken,
      internalSecret,
      edgeUrl,
      env: {
        SANDBOX_CARD_URL: card.value.url,
        SANDBOX_CARD_SECRET_KEY: sandboxSecrets.cardKey,
        SANDBOX_CARD_WEBHOOK_SECRET: sandboxSecrets.cardWebhookSecret,
        SANDBOX_CARRIER_URL: carrier.value.url,
        SANDBOX_CARRIER_API_KEY: sandboxSecrets.carrierKey,
        SANDBOX_CARRIER_WEBHOOK_SECRET: sandboxSecrets.carrierWebhookSecret,
        AUTH_TOKEN_KEYS: authTokenKeys,
        PUBLIC_STORE_URL: edgeUrl,
        ...options.originEnv,
      },
      log,
    };
    /** @type {Awaited<ReturnType<typeof startClusterOrigins>> | null} */
    let cluster = null;
    /** @type {ManagedProcess} */
    let front;
    if (originCount > 1 || options.cluster || options.layout) {
      cluster = await startClusterOrigins({
        count: originCount,
        layout: options.layout,
        proxyPort: originPort,
        originOptions,
        databaseUrl: database?.url ?? databaseUrl,
        tempRoot: tempRoot ?? makeTempRoot(),
        redisUrl: options.redisUrl,
        log,
        procs,
      });
      front = cluster.proxy;
    } else {
      const origin = await startOrigin({ port: originPort, ...originOptions });
      procs.push(origin.proc);
      front = origin.proc;
    }

    // In cluster mode an instance may die (or be killed by a fault test): the proxy ejects it,
    // so only the proxy counts here.
    const exited = Promise.race(
      [front, edge.value.proc, card.value.proc, carrier.value.proc, ...(database ? [database.proc] : [])].map((p) =>
        p.exited.then((status) => ({ name: p.name, ...status })),
      ),
    ).then((first) => (stopped ? null : first));

    return {
      edgeUrl,
      originUrl,
      cardUrl: card.value.url,
      carrierUrl: carrier.value.url,
      sandboxSecrets,
      adminToken,
      internalSecret,
      databaseUrl: database?.url ?? databaseUrl,
      pgliteDir,
      persistTo,
      seedMs: seedResult.value?.ms ?? null,
      origin: front,
      cluster,
      database: database?.proc ?? null,
      edge: edge.value.proc,
      exited,
      stop: cleanup,
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}

/**
 * Cluster mode: `count` origin instances on their own ports, started together (their
 * migrations take turns under the advisory lock), sharing the database, Redis (REDIS_URL) and
 * the outbox, behind HAProxy on `proxyPort` (scripts/lib/haproxy.mjs). Each instance's pool is
 * an equal share of the database's connection limit (scripts/lib/pool-size.mjs).
 */
async function startClusterOrigins({
  count,
  layout,
  proxyPort,
  originOptions,
  databaseUrl,
  tempRoot,
  redisUrl,
  log,
  procs,
}) {
  // One pool serving everything, or (split) one pool per entry of `layout`, each serving its
  // subsystems (ORIGIN_SERVICES) and reaching the others through the proxy (SERVICES_URL).
  const pools = layout
    ? layout.map((p, i) => ({ name: `pool_${i + 1}`, services: p.services.split(','), instances: p.instances }))
    : [{ name: 'pool_all', services: 'all', instances: count }];
  count = pools.reduce((n, p) => n + p.instances, 0);
  const poolOf = pools.flatMap((pool) => Array.from({ length: pool.instances }, () => pool));
  const binary = ensureHaproxy();
  const redis = redisUrl ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const poolSize = /^postgres(ql)?:\/\//.test(databaseUrl ?? '')
    ? poolSizeFor({ ...(await connectionLimits(databaseUrl)), instances: count })
    : Math.min(MAX_POOL, 5);
  const ports = [];
  for (let i = 0; i < count; i++) ports.push(await getFreePort());
  const names = ports.map((_p, i) => `origin${i + 1}`);
  const env = (name) => ({
    REDIS_URL: redis,
    DATABASE_POOL_SIZE: String(poolSize),
    // Not ready at once on SIGTERM, still serving until the proxy's checks have noticed.
    DRAIN_DELAY_SECONDS: String(((CHECK.inter * (CHECK.fall + 1)) / 1000).toFixed(1)),
    CLIENT_ADDRESS_HEADER: 'x-forwarded-for',
    ORIGIN_INSTANCE: name,
    ...(layout
      ? {
          ORIGIN_SERVICES: poolOf[names.indexOf(name)].services.join(','),
          SERVICES_URL: `http://${LOOPBACK}:${proxyPort}`,
        }
      : {}),
    ...originOptions.env,
  });
  /** @type {ManagedProcess[]} */
  const instances = new Array(count);
  const start = async (i) => {
    const origin = await startOrigin({ ...originOptions, port: ports[i], label: names[i], env: env(names[i]) });
    instances[i] = origin.proc;
    procs.push(origin.proc);
    return origin.proc;
  };
  await Promise.all(ports.map((_p, i) => start(i)));
  const statsSocket = join(tempRoot, 'haproxy.sock');
  const configPath = join(tempRoot, 'haproxy.cfg');
  writeFileSync(
    configPath,
    haproxyConfig({
      port: proxyPort,
      statsSocket,
      pools: pools.map((pool) => ({
        name: pool.name,
        services: pool.services,
        servers: ports.map((port, i) => ({ name: names[i], port })).filter((_s, i) => poolOf[i] === pool),
      })),
    }),
  );
  const proxy = await startHaproxy({ binary, configPath, port: proxyPort, onLine: lineHandler(log, 'proxy', '31') });
  procs.push(proxy.proc);
  return {
    proxy: proxy.proc,
    proxyUrl: proxy.url,
    configPath,
    statsSocket,
    poolSize,
    ports,
    names,
    /** The running instance processes, by index. */
    instances,
    /** The instance's own pid (bun), for `kill -9`. */
    pidOf: (i) => instances[i].pid,
    /** Starts instance `i` again on its port (after it died or was stopped). */
    restart: async (i) => {
      const old = instances[i];
      const at = procs.indexOf(old);
      if (at >= 0) procs.splice(at, 1);
      await old.stop();
      return start(i);
    },
    /** `{ backend, server, up }` of every instance, as the proxy sees them. */
    states: () => serverStates(statsSocket),
  };
}

/**
 * An empty Worker (bench/empty-worker) under the same runner and flags as the edge: the
 * baseline of `npm run bench`.
 * @param {{ port?: number, log?: boolean | Function, runner?: 'wrangler' | 'workerd' }} [options]
 */
export function startEmptyWorker(options = {}) {
  return startBaselineWorker({
    ...options,
    config: join(ROOT, 'bench', 'empty-worker', 'wrangler.toml'),
    label: 'empty',
  });
}

/**
 * A bench baseline Worker (its wrangler.toml at `config`) under the same runner and flags as
 * the edge, with temporary state.
 * @param {{ config: string, label: string, port?: number, log?: boolean | Function, runner?: 'wrangler' | 'workerd' }} options
 */
export async function startBaselineWorker(options) {
  const tempRoot = makeTempRoot();
  try {
    const start = options.runner === 'workerd' ? startWorkerd : startWrangler;
    const { url, proc } = await start({
      port: options.port ?? (await getFreePort()),
      config: options.config,
      persistTo: tempRoot,
      inspectorPort: await getFreePort(),
      label: options.label,
      readyPath: '/',
      log: options.log ?? false,
    });
    return {
      url,
      proc,
      stop: async () => {
        await proc.stop();
        rmSync(tempRoot, { recursive: true, force: true });
      },
    };
  } catch (err) {
    rmSync(tempRoot, { recursive: true, force: true });
    throw err;
  }
}
