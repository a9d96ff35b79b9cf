/** Command-line arguments of `bun db/seed.ts`. */
import { parseArgs } from 'node:util';
import { DEFAULT_SEED, type WhenNotEmpty } from './seed-catalog';

export const USAGE = `usage: bun db/seed.ts [--products N] [--seed S] [--if-empty | --reset]
  --products N  products to create (default 200)
  --seed S      integer 0..4294967295; the same seed gives the same catalog (default ${DEFAULT_SEED})
  --if-empty    do nothing when the database already has products
  --reset       delete the existing catalog and stock first
environment: DATABASE_URL (postgres://…, pglite://<dir>, memory://; default .data/pglite), DATABASE_DRIVER`;

export const DEFAULT_PRODUCTS = 200;

export interface SeedArgs {
  products: number;
  seed: number;
  whenNotEmpty: WhenNotEmpty;
  help: boolean;
}

export type ParsedArgs = { ok: true; args: SeedArgs } | { ok: false; error: string };

function parseInteger(flag: string, raw: string | undefined, max: number): number | string {
  if (raw === undefined || !/^\d+$/.test(raw)) return `${flag} needs a non-negative integer (got ${raw ?? 'nothing'})`;
  const value = Number(raw);
  return value > max ? `${flag} must be at most ${max}` : value;
}

/** Parses `--flag value` and `--flag=value` forms (node:util parseArgs); unknown flags are errors, not ignored. */
export function parseSeedArgs(argv: readonly string[]): ParsedArgs {
  let values: { products?: string; seed?: string; 'if-empty'?: boolean; reset?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        products: { type: 'string' },
        seed: { type: 'string' },
        'if-empty': { type: 'boolean' },
        reset: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
  const products =
    values.products === undefined ? DEFAULT_PRODUCTS : parseInteger('--products', values.products, 10_000_000);
  if (typeof products === 'string') return { ok: false, error: products };
  const seed = values.seed === undefined ? DEFAULT_SEED : parseInteger('--seed', values.seed, 0xffffffff);
  if (typeof seed === 'string') return { ok: false, error: seed };
  if (values['if-empty'] && values.reset) return { ok: false, error: '--if-empty and --reset contradict each other' };
  const whenNotEmpty: WhenNotEmpty = values.reset ? 'reset' : values['if-empty'] ? 'skip' : 'refuse';
  return { ok: true, args: { products, seed, whenNotEmpty, help: values.help ?? false } };
}
