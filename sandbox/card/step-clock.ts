/**
 * The clock between a payment's steps (authorize, capture, settle a refund). Every pending
 * step is tracked so tests can await `idle()` instead of sleeping, an intent's steps can be
 * dropped when it is cancelled, and `close()` leaves no timer keeping the process alive.
 */
interface Step {
  group: string;
  timer: ReturnType<typeof setTimeout>;
  finished: Promise<void>;
  finish: () => void;
}

export class StepClock {
  private readonly steps = new Set<Step>();

  constructor(private readonly delayMs: number) {}

  get pending(): number {
    return this.steps.size;
  }

  /** Runs `run` after the delay unless `group` is cleared first; 0 means the next macrotask. */
  schedule(group: string, run: () => void): void {
    let finish = () => {};
    const finished = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const step: Step = {
      group,
      finished,
      finish,
      timer: setTimeout(() => {
        this.steps.delete(step);
        try {
          run();
        } catch (error) {
          // One broken step must not take the whole sandbox down with an uncaught exception.
          console.error('sandbox-card step failed', error);
        } finally {
          finish();
        }
      }, this.delayMs),
    };
    this.steps.add(step);
  }

  /** Drops the pending steps of one group (a cancelled intent's authorize or capture). */
  clear(group: string): void {
    for (const step of this.steps) if (step.group === group) this.drop(step);
  }

  close(): void {
    for (const step of this.steps) this.drop(step);
  }

  /** Resolves when no step is pending, including steps scheduled by steps. */
  async idle(): Promise<void> {
    while (this.steps.size > 0) await Promise.all([...this.steps].map((s) => s.finished));
  }

  private drop(step: Step) {
    clearTimeout(step.timer);
    this.steps.delete(step);
    step.finish();
  }
}
