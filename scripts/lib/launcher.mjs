// What `npm start` and `npm run start:cluster` read from the environment, checked the same way.
import { isPortInUse, pgliteDirOf } from './stack.mjs';

/** Helpers of a launcher named `name`: `fail` prints and exits 1, `say` prints in bold on a terminal. */
export function launcher(name) {
  const fail = (message) => {
    console.error(`${name}: ${message}`);
    process.exit(1);
  };
  const say = (message) => console.log(process.stdout.isTTY ? `\x1b[1m${message}\x1b[0m` : message);
  const port = (variable, fallback) => {
    const raw = process.env[variable];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 1 || value > 65535)
      fail(`${variable} must be a port number (got "${raw}")`);
    return value;
  };
  return { fail, say, port };
}

/**
 * The ports, database and seed size of a local stack (EDGE_PORT, ORIGIN_PORT, SANDBOX_CARD_PORT,
 * SANDBOX_CARRIER_PORT, DATABASE_URL, PGLITE_PORT, SEED_PRODUCTS), refusing a port in use.
 */
export async function stackSettings({ fail, port }) {
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const pgliteDir = pgliteDirOf(databaseUrl);
  const settings = {
    edgePort: port('EDGE_PORT', 8787),
    originPort: port('ORIGIN_PORT', 8788),
    cardPort: port('SANDBOX_CARD_PORT', 8790),
    carrierPort: port('SANDBOX_CARRIER_PORT', 8791),
    databaseUrl,
    pgliteDir,
    databasePort: pgliteDir ? port('PGLITE_PORT', 5433) : null,
    seedProducts: Number(process.env.SEED_PRODUCTS ?? 200),
  };
  if (!Number.isInteger(settings.seedProducts) || settings.seedProducts < 0) {
    fail('SEED_PRODUCTS must be a non-negative integer');
  }
  for (const [name, p] of [
    ['EDGE_PORT', settings.edgePort],
    ['ORIGIN_PORT', settings.originPort],
    ['SANDBOX_CARD_PORT', settings.cardPort],
    ['SANDBOX_CARRIER_PORT', settings.carrierPort],
    ['PGLITE_PORT', settings.databasePort],
  ]) {
    if (p !== null && (await isPortInUse(p)))
      fail(`port ${p} (${name}) is already in use on 127.0.0.1; stop whatever uses it or set ${name}`);
  }
  return settings;
}
