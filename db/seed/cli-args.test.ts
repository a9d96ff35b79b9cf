import { describe, expect, it } from 'vitest';
import { DEFAULT_PRODUCTS, parseSeedArgs } from './cli-args';
import { DEFAULT_SEED } from './seed-catalog';

describe('parseSeedArgs', () => {
  it('defaults to 200 products, the default seed, and refusing a non-empty database', () => {
    expect(parseSeedArgs([])).toEqual({
      ok: true,
      args: { products: DEFAULT_PRODUCTS, seed: DEFAULT_SEED, whenNotEmpty: 'refuse', help: false },
    });
  });

  it('reads --products, --seed and --if-empty in both spellings', () => {
    expect(parseSeedArgs(['--products', '10000', '--seed=9', '--if-empty'])).toEqual({
      ok: true,
      args: { products: 10_000, seed: 9, whenNotEmpty: 'skip', help: false },
    });
    expect(parseSeedArgs(['--products=5', '--reset'])).toMatchObject({
      ok: true,
      args: { products: 5, whenNotEmpty: 'reset' },
    });
  });

  it('rejects bad numbers, unknown flags and contradictory modes', () => {
    expect(parseSeedArgs(['--products', '-3'])).toMatchObject({ ok: false });
    expect(parseSeedArgs(['--products', '1e3'])).toMatchObject({ ok: false });
    expect(parseSeedArgs(['--products'])).toMatchObject({ ok: false });
    expect(parseSeedArgs(['--seed', '4294967296'])).toMatchObject({ ok: false });
    expect(parseSeedArgs(['--prodcts', '3'])).toMatchObject({ ok: false, error: expect.stringContaining('--prodcts') });
    expect(parseSeedArgs(['extra'])).toMatchObject({ ok: false });
    expect(parseSeedArgs(['--if-empty', '--reset'])).toMatchObject({ ok: false });
  });
});
