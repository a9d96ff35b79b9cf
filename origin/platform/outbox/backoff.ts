/**
 * Delay before retry number `attempt` (1-based): exponential from `baseMs`, capped, with
 * ±20 % jitter so that a burst of failures does not retry in lockstep.
 */
export function backoffMs(
  attempt: number,
  baseMs = 500,
  capMs = 5 * 60_000,
  random: () => number = Math.random,
): number {
  const exp = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  const jitter = 0.8 + random() * 0.4;
  return Math.round(exp * jitter);
}
