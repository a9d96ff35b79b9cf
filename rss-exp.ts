import { PGlite } from '@electric-sql/pglite';
const mode = process.argv[2] ?? 'default';
const dir = `/tmp/pgl/data-${mode}-${Date.now()}`;
const opts: Record<string, unknown> =
  mode === 'small'
    ? { initialMemory: 32 * 1024 * 1024, startParams: undefined }
    : mode === 'conf'
      ? { postgresqlconf: ['shared_buffers = 8MB', 'wal_buffers = 1MB', 'work_mem = 1MB'] }
      : mode === 'both'
        ? { initialMemory: 32 * 1024 * 1024, postgresqlconf: ['shared_buffers = 8MB', 'wal_buffers = 1MB', 'work_mem = 1MB'] }
        : {};
for (const k of Object.keys(opts)) if (opts[k] === undefined) delete opts[k];
const db = new PGlite(dir, opts);
await db.waitReady;
await db.query('create table t (id int primary key, v text)');
await db.query("insert into t select g, repeat('x', 100) from generate_series(1, 20000) g");
await db.query('select count(*) from t');
Bun.gc(true);
await new Promise((r) => setTimeout(r, 1000));
const sb = await db.query('show shared_buffers');
console.log(mode, 'rss MB', Math.round(process.memoryUsage().rss / 1048576), JSON.stringify(sb.rows));
await db.close();
