/**
 * A bound on CPU-heavy work in this process (password hashing: 600,000 PBKDF2 rounds each).
 * At most `concurrency` tasks run at once and at most `maxWaiting` wait for a slot, first come
 * first served; one more is refused at once with `GateFullError` (503 `busy` with Retry-After)
 * rather than joining a queue that grows with the attack, holding memory and answering every
 * caller late. The bound is per process because CPU is: each origin instance has its own.
 */
import { HttpError } from './errors';

export interface WorkGateOptions {
  /** Tasks running at once (the hashing threads worth keeping busy). */
  concurrency: number;
  /** Tasks allowed to wait for a slot; beyond this, refused. */
  maxWaiting: number;
}

/** The gate is full: the caller should come back shortly (`Retry-After: 1`). */
export class GateFullError extends HttpError {
  constructor() {
    super('busy', 'The server is busy checking passwords; try again in a second', 503, { retryAfter: 1 });
    this.name = 'GateFullError';
  }
}

export interface WorkGate {
  /** Runs `task` when a slot is free; throws GateFullError when the waiting line is full. */
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Tasks running and waiting now. */
  readonly load: { running: number; waiting: number };
}

export function workGate({ concurrency, maxWaiting }: WorkGateOptions): WorkGate {
  let running = 0;
  const waiting: (() => void)[] = [];
  return {
    async run<T>(task: () => Promise<T>): Promise<T> {
      if (running < concurrency) running++;
      else if (waiting.length < maxWaiting) await new Promise<void>((resolve) => waiting.push(resolve));
      else throw new GateFullError();
      try {
        return await task();
      } finally {
        // The slot passes straight to the next in line, so `running` never overshoots.
        const next = waiting.shift();
        if (next) next();
        else running--;
      }
    },
    get load() {
      return { running, waiting: waiting.length };
    },
  };
}
