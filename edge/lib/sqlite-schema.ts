/**
 * Schema helpers for SQLite-backed Durable Objects. An object creates its tables with its first
 * write, not on every start (DDL is the dearest thing a new object does), and upgrades tables
 * stored by an earlier release when it starts.
 */

/** A column added after a table's first release: `[name, definition]`, e.g. `['owner_id', 'TEXT']`. */
export type AddedColumn = readonly [name: string, definition: string];

/**
 * On an object's start: whether `table` exists, adding any of `added` it lacks (`ALTER TABLE …
 * ADD COLUMN` only, so stored rows stay valid). An object without the table reads only the
 * SQLite catalog.
 */
export function openTable(sql: SqlStorage, table: string, added: readonly AddedColumn[]): boolean {
  const found = sql.exec<{ n: number }>(
    "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = ?",
    table,
  );
  if (found.one().n === 0) return false;
  const present = new Set(
    sql
      .exec<{ name: string }>(`PRAGMA table_info(${table})`)
      .toArray()
      .map((column) => column.name),
  );
  for (const [name, definition] of added) {
    if (!present.has(name)) sql.exec(`ALTER TABLE ${table} ADD COLUMN ${name} ${definition}`);
  }
  return true;
}
