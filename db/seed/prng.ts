/**
 * Seeded randomness for the demo catalog. Everything the generator draws comes from here, never
 * from `Math.random`, so one seed always yields the same catalog byte for byte.
 */
export type Rng = () => number;

/**
 * mulberry32: a 32-bit state PRNG. Tiny and fast, with plenty of quality for demo data; it is
 * not for anything secret.
 */
export function mulberry32(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Derives an independent stream seed from a catalog seed and a stream number (murmur3's
 * finaliser). Giving every product its own stream keeps product `i` identical whatever the
 * requested product count, so a 100-product seed is the prefix of a 10,000-product one.
 */
export function mixSeed(seed: number, stream: number): number {
  let h = (seed ^ Math.imul(stream + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** An integer in `[min, max]`, both inclusive. */
export function randomInt(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

/** True with probability `p`. */
export function chance(rng: Rng, p: number): boolean {
  return rng() < p;
}

/** One element of a non-empty list. */
export function pick<T>(rng: Rng, list: readonly T[]): T {
  const value = list[Math.floor(rng() * list.length)];
  if (value === undefined) throw new Error('pick() needs a non-empty list');
  return value;
}

/**
 * `n` distinct elements, kept in the list's own order: sizes stay XS → XL and storage tiers
 * ascend, as a shop would list them.
 */
export function sampleInOrder<T>(rng: Rng, list: readonly T[], n: number): T[] {
  const indexes = list.map((_, i) => i);
  // Partial Fisher–Yates: only the first n slots need shuffling.
  for (let i = 0; i < n && i < indexes.length; i++) {
    const j = randomInt(rng, i, indexes.length - 1);
    [indexes[i], indexes[j]] = [indexes[j] as number, indexes[i] as number];
  }
  return indexes
    .slice(0, n)
    .sort((a, b) => a - b)
    .map((i) => list[i] as T);
}
