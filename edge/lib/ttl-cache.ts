interface Entry<V> {
  value: V;
  expiresAt: number;
}

/**
 * A bounded per-isolate cache with a fixed time-to-live per entry. Eviction is oldest-first
 * (Map insertion order) rather than LRU: a hit then costs one Map lookup and one comparison,
 * with no re-insertion, which matters on the catalog hot path.
 */
export class TtlCache<V> {
  readonly #entries = new Map<string, Entry<V>>();

  constructor(readonly maxEntries: number) {}

  /** The live value for `key`, or undefined on a miss or an expired entry. */
  get(key: string, now = Date.now()): V | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= now) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: V, ttlMs: number, now = Date.now()): void {
    this.#entries.delete(key);
    while (this.#entries.size >= this.maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done) break;
      this.#entries.delete(oldest.value);
    }
    this.#entries.set(key, { value, expiresAt: now + ttlMs });
  }

  clear(): void {
    this.#entries.clear();
  }

  get size(): number {
    return this.#entries.size;
  }
}
