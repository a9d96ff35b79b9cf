import type { CachePort } from './cache-port';

interface Entry {
  json: string;
  expiresAt: number;
}

/**
 * In-process cache with TTLs and a size cap (least recently used entries go first). Values
 * are stored serialised so callers cannot mutate what another caller will read.
 */
export class MemoryCache implements CachePort {
  readonly kind = 'memory' as const;
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  async get<T>(key: string): Promise<T | null> {
    const entry = this.entries.get(key);
    if (!entry) return null;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return null;
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    return JSON.parse(entry.json) as T;
  }

  async set(key: string, value: unknown, ttlSeconds: number): Promise<void> {
    this.#put(key, { json: JSON.stringify(value), expiresAt: this.now() + ttlSeconds * 1000 });
  }

  // Newest last; past the cap, the least recently used entry goes.
  #put(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  async del(...keys: string[]): Promise<void> {
    for (const key of keys) this.entries.delete(key);
  }

  /** Like Redis SET NX EX: no await between the check and the write, so one caller wins. */
  async setIfAbsent(key: string, value: unknown, ttlSeconds: number): Promise<boolean> {
    const now = this.now();
    const entry = this.entries.get(key);
    if (entry !== undefined && entry.expiresAt > now) return false;
    this.#put(key, { json: JSON.stringify(value), expiresAt: now + ttlSeconds * 1000 });
    return true;
  }

  /** Like Redis INCR (and EXPIRE with `ttlSeconds`): the counter is a value readable with `get`. */
  async incr(key: string, ttlSeconds?: number): Promise<number> {
    // No await between the read and the write: concurrent calls must not see the same value.
    const now = this.now();
    const entry = this.entries.get(key);
    const live = entry !== undefined && entry.expiresAt > now;
    const next = (live ? Number(JSON.parse(entry.json)) : 0) + 1;
    const expiresAt =
      ttlSeconds !== undefined ? now + ttlSeconds * 1000 : live ? entry.expiresAt : Number.POSITIVE_INFINITY;
    this.#put(key, { json: JSON.stringify(next), expiresAt });
    return next;
  }
}
