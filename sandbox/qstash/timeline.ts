/**
 * The stand-in's timed work (delayed messages, retries with backoff). Its clock is the wall
 * clock, like the publishers' whose `Upstash-Not-Before` it compares with; `advance(ms)` lets
 * time pass by bringing everything waiting `ms` closer to due (as the queue harness does with
 * the outbox's rows), so a test can let an hour pass in an instant and clocks never drift
 * apart. In `real` mode timers also fire on their own; in `manual` mode nothing happens
 * between calls except work that is due at once.
 */

export type ClockMode = 'real' | 'manual';

interface Task {
  at: number;
  seq: number;
  run: () => Promise<void>;
}

export class Timeline {
  private passed = 0;
  private seq = 0;
  private readonly tasks: Task[] = [];
  private readonly running = new Set<Promise<void>>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;

  constructor(
    private readonly mode: ClockMode,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Wall-clock epoch milliseconds. */
  now(): number {
    return Date.now();
  }

  /** The wall clock plus all the time let pass with `advance`: for measuring gaps between events. */
  elapsedNow(): number {
    return Date.now() + this.passed;
  }

  /** Runs `run` once the clock reaches `at` (at once when it already has). */
  at(at: number, run: () => Promise<void>): void {
    if (this.closed) return;
    this.tasks.push({ at, seq: this.seq++, run });
    this.pump();
  }

  /** Milliseconds until the next task is due (0 when overdue), or null when none waits. */
  nextDueIn(): number | null {
    if (this.tasks.length === 0) return null;
    return Math.max(0, Math.min(...this.tasks.map((t) => t.at)) - this.now());
  }

  /**
   * Lets `ms` pass, stopping at each due time on the way to run what is due then and wait for
   * it (a failed push schedules its retry from that moment), then moving on.
   */
  async advance(ms: number): Promise<void> {
    let remaining = ms;
    await this.idle();
    for (;;) {
      const next = this.nextDueIn();
      if (next === null || next > remaining) break;
      this.shift(next);
      remaining -= next;
      await this.idle();
    }
    this.shift(remaining);
    await this.idle();
  }

  /** Resolves when nothing due is waiting and no task is running. */
  async idle(): Promise<void> {
    for (;;) {
      this.pump();
      if (this.running.size === 0) return;
      await Promise.allSettled([...this.running]);
    }
  }

  close(): void {
    this.closed = true;
    this.tasks.length = 0;
    if (this.timer) clearTimeout(this.timer);
  }

  private shift(ms: number): void {
    for (const task of this.tasks) task.at -= ms;
    this.passed += ms;
  }

  private pump(): void {
    const now = this.now();
    const due = this.tasks.filter((t) => t.at <= now).sort((a, b) => a.at - b.at || a.seq - b.seq);
    for (const task of due) {
      this.tasks.splice(this.tasks.indexOf(task), 1);
      const running: Promise<void> = task
        .run()
        .catch(this.onError)
        .finally(() => this.running.delete(running));
      this.running.add(running);
    }
    if (this.mode === 'real') this.arm();
  }

  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const next = this.nextDueIn();
    if (next === null || this.closed) return;
    this.timer = setTimeout(() => this.pump(), next);
    this.timer.unref?.();
  }
}
