interface Entry<V> {
  value: V;
  expiresAt: number;
  weight: number;
}

export interface TtlCacheOptions<V> {
  /** A bound on the summed weight of the entries, e.g. their size in bytes. */
  maxWeight: number;
  weigh: (value: V) => number;
}

/**
 * A bounded per-isolate cache with a fixed time-to-live per entry. Bounded by entry count and,
 * optionally, by summed weight (so a few huge values cannot exhaust the isolate's memory).
 * Eviction is oldest-first (Map insertion order) rather than LRU: a hit then costs one Map
 * lookup and one comparison, with no re-insertion, which matters on the catalog hot path.
 */
export class TtlCache<V> {
  readonly #entries = new Map<string, Entry<V>>();
  readonly #options: TtlCacheOptions<V> | undefined;
  #weight = 0;

  constructor(
    readonly maxEntries: number,
    options?: TtlCacheOptions<V>,
  ) {
    this.#options = options;
  }

  /** The live value for `key`, or undefined on a miss or an expired entry. */
  get(key: string, now = Date.now()): V | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= now) {
      this.#delete(key, entry);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: V, ttlMs: number, now = Date.now()): void {
    const previous = this.#entries.get(key);
    if (previous) this.#delete(key, previous);
    const weight = this.#options ? this.#options.weigh(value) : 0;
    const maxWeight = this.#options?.maxWeight ?? Number.POSITIVE_INFINITY;
    if (weight > maxWeight) return; // would evict everything and still not fit
    while (this.#entries.size >= this.maxEntries || this.#weight + weight > maxWeight) {
      const oldest = this.#entries.entries().next();
      if (oldest.done) break;
      this.#delete(oldest.value[0], oldest.value[1]);
    }
    this.#entries.set(key, { value, expiresAt: now + ttlMs, weight });
    this.#weight += weight;
  }

  clear(): void {
    this.#entries.clear();
    this.#weight = 0;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The summed weight of the entries (0 without a weigher). */
  get weight(): number {
    return this.#weight;
  }

  #delete(key: string, entry: Entry<V>): void {
    this.#entries.delete(key);
    this.#weight -= entry.weight;
  }
}
