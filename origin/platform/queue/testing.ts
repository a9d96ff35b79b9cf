/**
 * Test helpers for queue consumers (test code only): deliver every message twice and out of
 * order, and compare the end state with a single in-order delivery. (Signing pushes like QStash
 * lives with the QStash stand-in in sandbox/qstash.)
 */

/** A small seeded PRNG (mulberry32) so a failing order can be reproduced from its seed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Indices of `n` events, each twice, never in the written order. Seed 0: each event twice in a
 * row, newest first; seed 1: all newest first, then all again oldest first; other seeds:
 * seeded shuffles, reversed if the first deliveries happen to be in order.
 */
export function twiceOutOfOrder(n: number, seed: number): number[] {
  const once = Array.from({ length: n }, (_, i) => i);
  const reversed = [...once].reverse();
  if (seed === 0) return reversed.flatMap((i) => [i, i]);
  if (seed === 1) return [...reversed, ...once];
  const random = seeded(seed);
  const order = [...once, ...once];
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  const firsts = order.filter((v, i) => order.indexOf(v) === i);
  return firsts.every((v, i) => v === i) ? order.reverse() : order;
}

/**
 * Delivers every event twice and out of order (see `twiceOutOfOrder`); `concurrency` > 1 sends
 * that many deliveries at once. Returns the delivery order as indices into `events`.
 */
export async function deliverTwiceOutOfOrder<E>(
  events: E[],
  deliver: (event: E) => Promise<unknown>,
  options: { seed?: number; concurrency?: number } = {},
): Promise<number[]> {
  const order = twiceOutOfOrder(events.length, options.seed ?? 2);
  const step = Math.max(1, options.concurrency ?? 1);
  for (let i = 0; i < order.length; i += step) {
    await Promise.all(order.slice(i, i + step).map((k) => deliver(events[k] as E)));
  }
  return order;
}

export interface RedeliveryScenario<E, S> {
  /** A fresh set of events for one run (fresh aggregate ids, so runs do not share state). */
  events(run: number): E[];
  deliver(event: E): Promise<unknown>;
  /** The end state of a run, free of run-specific ids, so runs compare equal. */
  state(events: E[]): Promise<S>;
  /** Out-of-order runs besides the reference (default 5). */
  runs?: number;
  concurrency?: number;
}

/**
 * Runs a scenario once in order (the expected state), then `runs` times with every event
 * delivered twice out of order. A consumer is correct when every outcome equals `expected`.
 */
export async function compareRedelivery<E, S>(
  scenario: RedeliveryScenario<E, S>,
): Promise<{ expected: S; outcomes: { seed: number; order: number[]; state: S }[] }> {
  const reference = scenario.events(0);
  for (const event of reference) await scenario.deliver(event);
  const expected = await scenario.state(reference);
  const outcomes = [];
  for (let seed = 0; seed < (scenario.runs ?? 5); seed++) {
    const events = scenario.events(seed + 1);
    const order = await deliverTwiceOutOfOrder(events, scenario.deliver, { seed, concurrency: scenario.concurrency });
    outcomes.push({ seed, order, state: await scenario.state(events) });
  }
  return { expected, outcomes };
}
