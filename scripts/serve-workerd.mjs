#!/usr/bin/env node
// `node scripts/serve-workerd.mjs --config <wrangler.toml> --port <p> [--persist-to <dir>] [--inspector-port <p>] [--var K:V …]`
//
// Serves a Worker the way production runs it: the bundle `wrangler deploy` would upload (its
// `--dry-run` output), in workerd through Miniflare, with no development proxy in front.
// `wrangler dev` puts a proxy Worker (a second workerd process) and its Node supervisor in
// the path of every request; on a 2-core machine they take a third of the CPU that the Worker
// and the origin need, so the bench (`npm run bench`) measures the Worker through this instead.
// `npm start` and the end-to-end tests keep `wrangler dev` (live reload, inspector).
//
// Prints `ready <url>` once the Worker answers; SIGTERM/SIGINT dispose of workerd.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { unstable_getMiniflareWorkerOptions } from 'wrangler';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WRANGLER_JS = join(ROOT, 'node_modules', 'wrangler', 'bin', 'wrangler.js');

const { values } = parseArgs({
  options: {
    config: { type: 'string', default: join(ROOT, 'wrangler.toml') },
    port: { type: 'string' },
    ip: { type: 'string', default: '127.0.0.1' },
    'persist-to': { type: 'string' },
    'inspector-port': { type: 'string' },
    var: { type: 'string', multiple: true, default: [] },
  },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 1) throw new Error('--port is required');
const config = resolve(values.config);
const vars = Object.fromEntries(
  values.var.map((pair) => {
    const at = pair.indexOf(':');
    if (at < 1) throw new Error(`--var wants KEY:VALUE (got ${pair})`);
    return [pair.slice(0, at), pair.slice(at + 1)];
  }),
);

// The deployable bundle, built by wrangler itself (same esbuild settings as a deploy). Inside the
// state directory when there is one: whoever owns that removes it, even if we are killed.
const stateDir = values['persist-to'] ? resolve(values['persist-to']) : null;
if (stateDir) mkdirSync(stateDir, { recursive: true });
const outdir = mkdtempSync(join(stateDir ?? tmpdir(), 'edgeshop-bundle-'));
const cleanup = () => rmSync(outdir, { recursive: true, force: true });
const build = spawnSync(
  process.execPath,
  [WRANGLER_JS, 'deploy', '--dry-run', '--config', config, '--outdir', outdir],
  {
    cwd: ROOT,
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' },
    encoding: 'utf8',
  },
);
if (build.status !== 0) {
  cleanup();
  process.stderr.write(build.stdout + build.stderr);
  throw new Error(`wrangler deploy --dry-run failed (${build.status})`);
}
const main = readdirSync(outdir).find((f) => f.endsWith('.js'));
if (!main) throw new Error(`no bundle in ${outdir}`);

// Wrangler's own Miniflare, so the options it derives from wrangler.toml match its version.
const requireFromWrangler = createRequire(join(ROOT, 'node_modules', 'wrangler', 'package.json'));
const { Miniflare, convertV4MiniflareOptions } = await import(
  pathToFileURL(requireFromWrangler.resolve('miniflare')).href
);

const { workerOptions } = unstable_getMiniflareWorkerOptions(config);
// The bundle is one ES module: no module rules (Miniflare 5 refuses them in v4 options).
const { modulesRules: _rules, ...worker } = workerOptions;
const mf = new Miniflare(
  convertV4MiniflareOptions({
    host: values.ip,
    port,
    // Miniflare's entry worker otherwise reports every request to this Node process over a
    // loopback HTTP call (its request log), work production does not do: ~10 % of an empty
    // Worker's throughput here.
    logRequests: false,
    ...(values['inspector-port'] ? { inspectorPort: Number(values['inspector-port']) } : {}),
    ...(stateDir ? { resourcePersistencePath: stateDir } : {}),
    workers: [
      {
        ...worker,
        name: worker.name ?? 'worker',
        modules: true,
        scriptPath: join(outdir, main),
        modulesRoot: outdir,
        bindings: { ...worker.bindings, ...vars },
      },
    ],
  }),
);

let disposing = false;
async function stop(code) {
  if (disposing) return;
  disposing = true;
  try {
    await mf.dispose();
  } finally {
    cleanup();
    process.exit(code);
  }
}
process.on('SIGTERM', () => void stop(0));
process.on('SIGINT', () => void stop(0));

try {
  const url = await mf.ready;
  console.log(`ready ${url.href}`);
} catch (err) {
  console.error(err);
  await stop(1);
}
