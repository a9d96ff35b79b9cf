/**
 * Several timers on one Durable Object alarm (an object has only one). Each timer is a due time
 * in the object's synchronous KV storage, so it outlives hibernation and eviction; the alarm
 * points at the earliest, and is deleted when no timer is left, so an object with nothing to do
 * is never woken.
 */
export class AlarmTimers<Name extends string> {
  /** Between `takeDue` and `settle`: the alarm handler runs, and no alarm left from before timers is pending. */
  #firing = false;

  /**
   * `keys`: each timer's storage key. `legacy`: the timer an alarm belongs to when it was set
   * before the object kept timers (it then has an alarm and no timer).
   */
  constructor(
    private readonly storage: DurableObjectStorage,
    private readonly keys: Readonly<Record<Name, string>>,
    private readonly legacy: Name,
  ) {}

  /** When `name` is due (epoch ms), or undefined when it is not set. */
  get(name: Name): number | undefined {
    return this.storage.kv.get<number>(this.keys[name]);
  }

  /** Sets `name` (null: clears it) without moving the alarm: for the alarm handler, which arms once at its end. */
  put(name: Name, at: number | null): void {
    if (at === null) this.storage.kv.delete(this.keys[name]);
    else this.storage.kv.put(this.keys[name], at);
  }

  /** Sets `name` (null: clears it) and moves the alarm to the earliest timer. */
  async set(name: Name, at: number | null): Promise<void> {
    if (!this.#firing && this.#names().every((n) => this.get(n) === undefined)) {
      const pending = await this.storage.getAlarm();
      if (pending !== null) this.put(this.legacy, pending);
    }
    this.put(name, at);
    await this.arm();
  }

  /**
   * In the alarm handler: the timers it fired for, each cleared before it runs, so whatever
   * happens while it runs (a message, a new socket) can set it anew. The alarm fires for the
   * earliest timer; one fired early (a test's `runDurableObjectAlarm`) runs that one.
   */
  takeDue(now = Date.now()): Name[] {
    this.#firing = true;
    const names = this.#names();
    if (names.every((n) => this.get(n) === undefined)) return [this.legacy];
    const earliest = Math.min(...names.map((n) => this.get(n) ?? Number.POSITIVE_INFINITY));
    const firing = Math.max(now, earliest);
    const due = names.filter((n) => (this.get(n) ?? Number.POSITIVE_INFINITY) <= firing);
    for (const n of due) this.put(n, null);
    return due;
  }

  /** At the end of the alarm handler: points the alarm at the earliest timer left. */
  async settle(): Promise<void> {
    this.#firing = false;
    await this.arm();
  }

  /** Points the alarm at the earliest timer, or deletes it when none is set. */
  async arm(): Promise<void> {
    const due = this.#names()
      .map((n) => this.get(n))
      .filter((at) => at !== undefined);
    const current = await this.storage.getAlarm();
    if (due.length === 0) {
      if (current !== null) await this.storage.deleteAlarm();
      return;
    }
    const next = Math.min(...due);
    if (current !== next) await this.storage.setAlarm(next);
  }

  #names(): Name[] {
    return Object.keys(this.keys) as Name[];
  }
}
