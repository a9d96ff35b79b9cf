/**
 * Seed progress on stderr. On a terminal one line is redrawn in place; in a pipe or a CI log,
 * where carriage returns turn into noise, a few plain lines are printed instead.
 */
export interface ProgressStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

export interface ProgressReporter {
  update(done: number, total: number): void;
  /** Ends the redrawn line so the next output starts on a fresh one. */
  finish(): void;
}

export interface ProgressOptions {
  label: string;
  /** Injectable for tests. */
  now?: () => number;
  width?: number;
}

const MIN_REDRAW_MS = 80;
const PLAIN_STEPS = 4;

/** `[██████░░░░]` for `done` of `total`, `width` cells wide. */
export function renderBar(done: number, total: number, width: number): string {
  const filled = total > 0 ? Math.min(width, Math.floor((done / total) * width)) : width;
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}]`;
}

function percent(done: number, total: number): number {
  return total > 0 ? Math.floor((done / total) * 100) : 100;
}

/** A progress reporter writing to `stream`; redraws only when the stream is a TTY. */
export function createProgressReporter(stream: ProgressStream, options: ProgressOptions): ProgressReporter {
  const now = options.now ?? (() => performance.now());
  const width = options.width ?? 30;
  const started = now();
  const elapsed = () => `${((now() - started) / 1000).toFixed(1)} s`;
  const fmt = (n: number) => n.toLocaleString('en-US');
  let lastDraw = -Infinity;
  let drawn = false;
  let nextStep = 1;

  if (stream.isTTY) {
    return {
      update(done, total) {
        const t = now();
        if (done < total && t - lastDraw < MIN_REDRAW_MS) return;
        lastDraw = t;
        drawn = true;
        const line = `${options.label} ${renderBar(done, total, width)} ${percent(done, total)}% ${fmt(done)}/${fmt(total)} products  ${elapsed()}`;
        stream.write(`\r\x1b[2K${line}`);
      },
      finish() {
        if (drawn) stream.write('\n');
        drawn = false;
      },
    };
  }
  return {
    update(done, total) {
      // One line per quarter crossed, so a 10k seed logs four lines, not twenty.
      const reached = total > 0 ? Math.floor((done / total) * PLAIN_STEPS) : PLAIN_STEPS;
      if (reached < nextStep) return;
      nextStep = reached + 1;
      stream.write(`${options.label}: ${fmt(done)}/${fmt(total)} products (${percent(done, total)}%) ${elapsed()}\n`);
    },
    finish() {},
  };
}
