// How many database connections each origin instance of a cluster may open, so that N
// instances together stay under the server's limit: PostgreSQL refuses connection
// max_connections - superuser_reserved_connections + 1 with "too many clients", and a pool
// that meets that refusal under load fails requests.
import pg from 'pg';

/** Connections left for everything that is not an instance's pool (psql, the seed, migrations' tools, monitoring). */
export const HEADROOM = 10;
/** More than this per instance buys nothing on a small server (the bench saturates the cores first). */
export const MAX_POOL = 10;

/**
 * The pool size per instance: an equal share of what the server allows, less the headroom,
 * never above MAX_POOL. Throws when even one connection each does not fit.
 * @param {{ maxConnections: number, reserved: number, instances: number, headroom?: number, cap?: number }} limits
 */
export function poolSizeFor({ maxConnections, reserved, instances, headroom = HEADROOM, cap = MAX_POOL }) {
  const budget = maxConnections - reserved - headroom;
  const size = Math.min(cap, Math.floor(budget / instances));
  if (size < 1) {
    throw new Error(
      `${instances} instances do not fit in max_connections=${maxConnections} (reserved ${reserved}, headroom ${headroom}): raise max_connections or put PgBouncer in front`,
    );
  }
  return size;
}

/** The connection limits of the PostgreSQL server at `url`. */
export async function connectionLimits(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    const { rows } = await client.query(
      `select current_setting('max_connections')::int as max, current_setting('superuser_reserved_connections')::int as reserved`,
    );
    return { maxConnections: rows[0].max, reserved: rows[0].reserved };
  } finally {
    await client.end();
  }
}
