/**
 * Seeds the demo catalog: `bun db/seed.ts --products N [--seed S] [--if-empty | --reset]`
 * (`npm run seed -- --products N`). Opens DATABASE_URL, applies migrations, then writes a
 * deterministic catalog with stock. The launcher runs it with `--if-empty` before the origin
 * starts; tests call `seedCatalog` in-process instead.
 */
import { CATALOG_REPUBLISH_TOPIC } from '../contract/catalog';
import { newId } from '../contract/ids';
import { type DatabaseHandle, type DatabaseKind, openDatabase } from './client';
import { migrateDatabase } from './migrate';
import { outboxEvents } from './schema/outbox';
import { parseSeedArgs, USAGE } from './seed/cli-args';
import { createProgressReporter } from './seed/progress-bar';
import { seedCatalog } from './seed/seed-catalog';

export { generateCatalog } from './seed/generate-catalog';
export { countProducts, type SeedCatalogOptions, type SeedResult, seedCatalog } from './seed/seed-catalog';

const DRIVERS: readonly DatabaseKind[] = ['pglite', 'postgres', 'neon'];
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * The database's own words: drizzle wraps them in "Failed query: …" with every bound parameter,
 * which for a thousand-row insert is pages of noise.
 */
function describeError(err: unknown): string {
  let root = err;
  while (root instanceof Error && root.cause) root = root.cause;
  const detail = (root as { detail?: unknown }).detail;
  const message = `${root instanceof Error ? root.message : String(root)}${typeof detail === 'string' ? ` (${detail})` : ''}`;
  return message.length > 500 ? `${message.slice(0, 500)}…` : message;
}

/** Runs the CLI and returns its exit code: 0 seeded or skipped, 1 refused or failed, 2 bad usage. */
export async function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const started = performance.now();
  const parsed = parseSeedArgs(argv);
  if (!parsed.ok) {
    console.error(`seed: ${parsed.error}\n${USAGE}`);
    return 2;
  }
  if (parsed.args.help) {
    console.log(USAGE);
    return 0;
  }
  const driver = env.DATABASE_DRIVER || undefined;
  if (driver && !DRIVERS.includes(driver as DatabaseKind)) {
    console.error(`seed: DATABASE_DRIVER must be one of ${DRIVERS.join(', ')} (got "${driver}")`);
    return 2;
  }
  const { products, seed, whenNotEmpty } = parsed.args;
  let handle: DatabaseHandle;
  let finishProgress = () => {};
  try {
    handle = await openDatabase(env.DATABASE_URL || undefined, {
      driver: driver as DatabaseKind | undefined,
      maxConnections: 2,
    });
  } catch (err) {
    console.error(`seed: cannot open the database: ${describeError(err)}`);
    return 1;
  }
  try {
    await migrateDatabase(handle);
    // Created after migrating so its clock measures the seed itself.
    const progress = createProgressReporter(process.stderr, { label: 'seed' });
    finishProgress = () => progress.finish();
    const result = await seedCatalog(handle.db, {
      products,
      seed,
      whenNotEmpty,
      onProgress: (p) => progress.update(p.done, p.total),
    });
    progress.finish();
    if (result.status === 'skipped') {
      console.log(
        `seed: ${handle.description} already has ${result.existingProducts} products; nothing to do (--if-empty)`,
      );
      return 0;
    }
    if (result.status === 'refused') {
      console.error(
        `seed: refusing to seed ${handle.description}: it already has ${result.existingProducts} products.\n` +
          '  --if-empty  leave it as it is (exit 0)\n' +
          '  --reset     delete all categories, products, variants, prices and stock, then seed',
      );
      return 1;
    }
    // A running origin's relay then publishes the new catalog to the edge (a starting one does anyway).
    await handle.db
      .insert(outboxEvents)
      .values({ id: newId('evt'), topic: CATALOG_REPUBLISH_TOPIC, aggregateId: 'catalog' });
    console.log(
      `seed: ${result.products.toLocaleString('en-US')} products, ${result.variants.toLocaleString('en-US')} variants, ` +
        `${result.categories} categories (seed ${seed}) into ${handle.description} ` +
        `in ${seconds(result.elapsedMs)} (${seconds(performance.now() - started)} with start-up and migrations)`,
    );
    return 0;
  } catch (err) {
    finishProgress();
    console.error(`seed: failed: ${describeError(err)}`);
    return 1;
  } finally {
    await handle.close();
  }
}

if (import.meta.main) {
  process.exitCode = await main(process.argv.slice(2));
}
