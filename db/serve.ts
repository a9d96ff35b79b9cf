/**
 * The local database server: `bun db/serve.ts` (`npm run db:serve`). Opens the PGlite directory
 * `PGLITE_DIR` (default `.data/pglite`) and serves it on `127.0.0.1:PGLITE_PORT` (default 5433,
 * 0 for any free port) with the PostgreSQL wire protocol; see `local-server.ts`. `npm start`
 * runs it and points the seed and the origin at it; `psql postgres://postgres@127.0.0.1:5433/postgres`
 * works too, and so do `npm run seed` and `npm run db:migrate` with DATABASE_URL unset (the
 * directory is announced beside itself, `served-dir.ts`).
 * Prints `serving <dir> at <url>` once it accepts connections. Stops cleanly on SIGINT/SIGTERM:
 * connections closed (their transactions rolled back), then PGlite closed, so the directory is
 * consistent for the next start.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DEFAULT_PGLITE_DIR, openDatabase } from './client';
import { type LocalServer, serveDatabase } from './local-server';
import { claim } from './served-dir';

export const DEFAULT_PGLITE_PORT = 5433;

function fail(message: string, code = 1): never {
  console.error(`db:serve: ${message}`);
  process.exit(code);
}

function portFrom(raw: string | undefined): number {
  if (raw === undefined || raw === '') return DEFAULT_PGLITE_PORT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`PGLITE_PORT must be a port number (got "${raw}")`, 2);
  return port;
}

if (import.meta.main) {
  const dir = process.env.PGLITE_DIR || DEFAULT_PGLITE_DIR;
  const port = portFrom(process.env.PGLITE_PORT);
  mkdirSync(dirname(dir), { recursive: true }); // PGlite creates its directory, not the parents
  let claimed: ReturnType<typeof claim>;
  try {
    claimed = claim(dir); // before opening: two servers of one directory would corrupt it
  } catch (err) {
    fail(err instanceof Error ? err.message : String(err));
  }
  const handle = await openDatabase(`pglite://${dir}`, { embedded: true });
  const pglite = handle.pglite;
  if (!pglite) throw new Error('expected an embedded database');
  let server: LocalServer;
  try {
    server = await serveDatabase(pglite, { port });
  } catch (err) {
    claimed.withdraw();
    await handle.close();
    fail(
      (err as { code?: string }).code === 'EADDRINUSE'
        ? `port ${port} is already in use on 127.0.0.1; stop whatever uses it or set PGLITE_PORT`
        : err instanceof Error
          ? err.message
          : String(err),
    );
  }
  claimed.announce(server.url);
  const withdraw = claimed.withdraw;
  console.log(`serving ${handle.description} at ${server.url}`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    withdraw();
    await server.close();
    await handle.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}
