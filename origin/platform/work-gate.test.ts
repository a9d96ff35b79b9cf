import { describe, expect, it } from 'vitest';
import { GateFullError, workGate } from './work-gate';

/** A task that runs until `finish()` is called, recording that it started. */
function held() {
  let finish: (value: string) => void = () => {};
  const done = new Promise<string>((resolve) => {
    finish = resolve;
  });
  const task = {
    started: false,
    finish: (v = 'ok') => finish(v),
    run: () => {
      task.started = true;
      return done;
    },
  };
  return task;
}

describe('workGate', () => {
  it('runs up to `concurrency` tasks at once, queues up to `maxWaiting`, refuses the next at once', async () => {
    const gate = workGate({ concurrency: 2, maxWaiting: 1 });
    const [a, b, c] = [held(), held(), held()];
    const ra = gate.run(a.run);
    const rb = gate.run(b.run);
    const rc = gate.run(c.run);
    await Promise.resolve();
    expect([a.started, b.started, c.started]).toEqual([true, true, false]);
    expect(gate.load).toEqual({ running: 2, waiting: 1 });
    const refused = gate.run(async () => 'never');
    await expect(refused).rejects.toBeInstanceOf(GateFullError);
    await expect(refused).rejects.toMatchObject({ code: 'busy', status: 503, details: { retryAfter: 1 } });

    a.finish('a');
    expect(await ra).toBe('a');
    await Promise.resolve();
    expect(c.started).toBe(true);
    expect(gate.load).toEqual({ running: 2, waiting: 0 });
    b.finish('b');
    c.finish('c');
    expect(await Promise.all([rb, rc])).toEqual(['b', 'c']);
    expect(gate.load).toEqual({ running: 0, waiting: 0 });
  });

  it('frees the slot of a task that fails', async () => {
    const gate = workGate({ concurrency: 1, maxWaiting: 0 });
    await expect(gate.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await gate.run(async () => 'next')).toBe('next');
    expect(gate.load).toEqual({ running: 0, waiting: 0 });
  });

  it('serves waiting tasks first come, first served', async () => {
    const gate = workGate({ concurrency: 1, maxWaiting: 3 });
    const first = held();
    const order: number[] = [];
    const running = gate.run(first.run);
    const queued = [1, 2, 3].map((n) => gate.run(async () => order.push(n)));
    first.finish();
    await Promise.all([running, ...queued]);
    expect(order).toEqual([1, 2, 3]);
  });
});
