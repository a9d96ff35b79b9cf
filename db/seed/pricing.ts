/**
 * Demo prices in integer minor units. Integer arithmetic only, so the same seed gives the same
 * cents on every runtime and nothing fractional ever reaches the database.
 */
import { pick, type Rng, randomInt } from './prng';

/** Cents endings shops actually use; .99 dominates, .95, .50 and round prices appear too. */
const ENDINGS = [99, 99, 99, 99, 95, 50, 0] as const;

/** Fixed demo exchange rate, in EUR cents per 100 USD cents. */
export const EUR_PER_100_USD = 92;

/** Integer division for non-negative integers, without a float quotient. */
function div(a: number, b: number): number {
  return (a - (a % b)) / b;
}

/** Applies a cents ending to a whole amount: 20 with 99 → 1999, 50 with 50 → 4950, 50 with 0 → 5000. */
export function withEnding(whole: number, ending: number): number {
  return ending === 0 ? whole * 100 : whole * 100 - (100 - ending);
}

/** A psychological USD price between `minWhole` and `maxWhole` dollars. */
export function charmPrice(rng: Rng, minWhole: number, maxWhole: number): number {
  return withEnding(randomInt(rng, Math.max(1, minWhole), Math.max(1, maxWhole)), pick(rng, ENDINGS));
}

/**
 * The EUR price for a USD price: converted at the fixed rate, rounded up to the next whole euro
 * and given the same ending as the USD price (19.99 $ → 18.39 € → 18.99 €), as shops localise
 * prices rather than showing converted cents.
 */
export function eurFromUsd(usd: number): number {
  const converted = div(usd * EUR_PER_100_USD, 100);
  const whole = Math.max(1, div(converted + 99, 100));
  return withEnding(whole, usd % 100);
}
