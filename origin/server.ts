/**
 * Serves the origin on Bun: `bun origin/server.ts`. Configuration comes from the environment
 * (see README); an invalid one stops the start-up with a message naming every setting at fault
 * (exit code 1). The process stops cleanly on SIGINT/SIGTERM, finishing in-flight work.
 */

import { createOrigin } from './main';
import type { ClientBindings } from './platform/client-address';
import { loadConfig, type OriginConfig } from './platform/config/config';
import { jsonLogger } from './platform/logger';

/**
 * How long an idle keep-alive connection stays open (Bun's default is 10 s; 255 is its maximum).
 * A client that reuses a pooled connection the server is closing at that moment loses the
 * request ("Network connection lost."), so the server must hold idle connections longer than
 * its clients reuse them: workerd's fetch (the edge under `npm start` and in tests) drops its
 * idle connections after 5 s (measured), Node's fetch after 4 s, but Cloudflare keeps idle
 * connections to an origin for up to 900 s, past what Bun allows. For that gap the edge also
 * retries its idempotent calls once on a connection failure (edge/lib/signed-fetch.ts).
 */
const IDLE_TIMEOUT_SECONDS = 255;

const log = jsonLogger('origin');
let config: OriginConfig;
try {
  config = loadConfig();
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
}
if (!config.production) {
  log.warn(`NODE_ENV=${config.mode}: development defaults apply (loopback only); never expose this origin`, {
    host: config.host,
  });
}
const origin = await createOrigin(config, { log });
origin.relay.start();
await origin.publishCatalog();

const server = Bun.serve({
  hostname: config.host,
  port: config.port,
  idleTimeout: IDLE_TIMEOUT_SECONDS,
  // The TCP peer is the one client address nobody can forge (platform/client-address.ts).
  fetch: (req, srv) => origin.app.fetch(req, { clientAddress: srv.requestIP(req)?.address } satisfies ClientBindings),
});
log.info(`listening on http://${config.host}:${server.port}`, {
  database: origin.database.description,
  cache: origin.ctx.cache.kind,
  edge: config.edgeUrl,
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The drain (docs/operations.md): not ready at once, so the load balancer takes the instance
 * out of rotation while it still serves whatever arrives (DRAIN_DELAY_SECONDS); then no new
 * connections, the requests in flight finish (up to DRAIN_TIMEOUT_SECONDS), the outbox relay
 * settles its batch and hands back its leases, the pools close, and the process exits.
 */
let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  origin.lifecycle.startDraining();
  log.info('draining', { signal, delaySeconds: config.drain.delaySeconds, inFlight: origin.lifecycle.active });
  if (config.drain.delaySeconds > 0) await sleep(config.drain.delaySeconds * 1000);
  const stopped = server.stop();
  const finished = await Promise.race([
    Promise.all([stopped, origin.lifecycle.whenIdle()]).then(() => true),
    sleep(config.drain.timeoutSeconds * 1000).then(() => false),
  ]);
  if (!finished) log.warn('drain timed out: requests still in flight are cut', { inFlight: origin.lifecycle.active });
  await origin.close();
  log.info('stopped', { signal });
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
