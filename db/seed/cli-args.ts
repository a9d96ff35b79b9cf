/** Command-line arguments of `bun db/seed.ts`. */
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

/** Parses `--flag value` and `--flag=value` forms; unknown flags are errors, not ignored. */
export function parseSeedArgs(argv: readonly string[]): ParsedArgs {
  const args: SeedArgs = { products: DEFAULT_PRODUCTS, seed: DEFAULT_SEED, whenNotEmpty: 'refuse', help: false };
  let ifEmpty = false;
  let reset = false;
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] as string;
    const [flag, inline] = token.includes('=') ? token.split('=', 2) : [token, undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--products': {
        const n = parseInteger('--products', value(), 10_000_000);
        if (typeof n === 'string') return { ok: false, error: n };
        args.products = n;
        break;
      }
      case '--seed': {
        const n = parseInteger('--seed', value(), 0xffffffff);
        if (typeof n === 'string') return { ok: false, error: n };
        args.seed = n;
        break;
      }
      case '--if-empty':
        ifEmpty = true;
        break;
      case '--reset':
        reset = true;
        break;
      case '--help':
      case '-h':
        args.help = true;
        break;
      default:
        return { ok: false, error: `unknown argument "${token}"` };
    }
  }
  if (ifEmpty && reset) return { ok: false, error: '--if-empty and --reset contradict each other' };
  args.whenNotEmpty = reset ? 'reset' : ifEmpty ? 'skip' : 'refuse';
  return { ok: true, args };
}
