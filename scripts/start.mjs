#!/usr/bin/env node
// `npm start`: the whole stack on this machine, in one process that owns its children.
//   1. serves the PGlite database (`bun db/serve.ts`, 127.0.0.1:5433) and seeds it if it is
//      empty (`bun db/seed.ts --if-empty`) while the edge (`wrangler dev`, under Node ≥ 22,
//      never Bun) and the sandbox card processor (8790) and carrier (8791) start;
//   2. starts the origin (`bun origin/server.ts`, NODE_ENV=development on 127.0.0.1) on that database;
//   3. prints the URLs, forwards every output with a prefix;
//   4. Ctrl-C / SIGTERM stops them all (process groups, SIGKILL after a grace period; the
//      database last); if one dies, the others are stopped and the exit code is non-zero.
// Configuration (environment): EDGE_PORT (8787), ORIGIN_PORT (8788), SANDBOX_CARD_PORT (8790),
// SANDBOX_CARRIER_PORT (8791), PGLITE_PORT (5433), SANDBOX_CARD_DELAY_MS, SANDBOX_CARRIER_STEP_MS,
// SEED_PRODUCTS (200), ADMIN_TOKEN, INTERNAL_SECRET (dev defaults), DATABASE_URL (default: PGlite
// in .data/pglite; a postgres:// URL runs the shop on that server instead, with no database process).
import { relative } from 'node:path';
import { launcher, stackSettings } from './lib/launcher.mjs';
import { DEV_ADMIN_TOKEN, startStack, stopAll } from './lib/stack.mjs';

const { fail, say, port } = launcher('start');
const { edgePort, originPort, cardPort, carrierPort, databaseUrl, databasePort, seedProducts } = await stackSettings({
  fail,
  port,
});

/** @type {import('./lib/stack.d.mts').Stack | undefined} */
let stack;
let shuttingDown = false;
let shutdownAt = 0;
async function shutdown(reason, code) {
  if (shuttingDown) return;
  shuttingDown = true;
  shutdownAt = Date.now();
  say(`\nstart: ${reason}; stopping…`);
  await (stack ? stack.stop() : stopAll());
  say('start: stopped.');
  process.exit(code);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (shuttingDown) {
      // npm may pass the terminal's signal on as well: only a later, second Ctrl-C forces the
      // exit (the exit hook SIGKILLs the process groups).
      if (Date.now() - shutdownAt < 1000) return;
      console.error('start: forced exit');
      process.exit(130);
    }
    void shutdown(`${signal} received`, 0);
  });
}

const started = performance.now();
say(
  `start: seeding (if empty, ${seedProducts} products), starting the edge on :${edgePort} and the origin on :${originPort}…`,
);
try {
  stack = await startStack({
    temporary: false,
    edgePort,
    originPort,
    cardPort,
    carrierPort,
    databaseUrl,
    databasePort: databasePort ?? undefined,
    seedProducts,
    log: true,
  });
} catch (err) {
  if (!shuttingDown) {
    console.error(`\nstart: failed: ${err instanceof Error ? err.message : String(err)}`);
    await stopAll();
    process.exit(1);
  }
}

if (stack && !shuttingDown) {
  const tokenNote =
    stack.adminToken === DEV_ADMIN_TOKEN
      ? `Authorization: Bearer ${DEV_ADMIN_TOKEN}  (development default)`
      : 'Authorization: Bearer $ADMIN_TOKEN  (from your environment)';
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  say(`
edgeshop is running (ready in ${seconds} s)
  Storefront (edge)       ${stack.edgeUrl}/
  Shopper API (edge)      ${stack.edgeUrl}/api/products
                          ${stack.edgeUrl}/api/categories
  Admin API (origin)      ${stack.originUrl}/admin/products
                          ${tokenNote}
  OpenAPI                 ${stack.originUrl}/openapi.json
  API docs                ${stack.originUrl}/docs
  Health                  ${stack.originUrl}/health
  Sandbox card processor  ${stack.cardUrl}   (tokens: tok_visa, tok_decline, tok_insufficient_funds, tok_3ds)
  Sandbox carrier         ${stack.carrierUrl}
  Data                    ${stack.pgliteDir ? `PGlite in ${relative(process.cwd(), stack.pgliteDir) || stack.pgliteDir}, served at ${stack.databaseUrl}` : stack.databaseUrl}
                          edge state in .wrangler/state
  Try: curl -s ${stack.edgeUrl}/api/products?limit=3
Press Ctrl-C to stop.
`);
  const first = await stack.exited;
  if (first && !shuttingDown) {
    await shutdown(`${first.name} exited unexpectedly (code ${first.code}, signal ${first.signal})`, 1);
  }
}
