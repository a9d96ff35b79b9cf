/**
 * Serves the origin on Bun: `bun origin/server.ts`. Configuration comes from the environment
 * (see README); the process stops cleanly on SIGINT/SIGTERM, finishing in-flight work.
 */
import { loadConfig } from './config';
import { createOrigin } from './main';
import { jsonLogger } from './platform/logger';

const log = jsonLogger('origin');
const config = loadConfig();
const origin = await createOrigin(config, { log });
origin.relay.start();

const server = Bun.serve({ hostname: config.host, port: config.port, fetch: origin.app.fetch });
log.info(`listening on http://${config.host}:${server.port}`, {
  database: origin.database.description,
  cache: origin.ctx.cache.kind,
  edge: config.edgeUrl,
});

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info('stopping', { signal });
  await server.stop();
  await origin.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
