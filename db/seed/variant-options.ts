/** Turns a theme's option axes into the concrete variants of one product. */
import { type Rng, randomInt, sampleInOrder } from './prng';
import type { OptionAxis } from './theme';

export const MAX_VARIANTS = 6;

export interface PlannedVariant {
  /** "M / Black", or "Default" for a product without options. */
  title: string;
  options: Record<string, string>;
  /** Minor units added to the product's base price. */
  priceOffset: number;
  /** SKU suffix built from the option values: "M-BLACK". */
  skuSuffix: string;
}

interface Choice {
  axis: OptionAxis;
  value: string;
  index: number;
}

/** SKU-safe code for an option value: "Heather Grey" → "HEATHERGREY", "7.5" → "75". */
export function optionCode(value: string): string {
  return value.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/**
 * Chooses between 1 and 6 variants: a few values on each axis whose cartesian product stays
 * within the cap. The first axis draws first, so a shoe can come in six sizes of one colour or
 * two sizes of three colours, both of which shops really list.
 */
export function planVariants(rng: Rng, axes: readonly OptionAxis[]): PlannedVariant[] {
  if (axes.length === 0) return [{ title: 'Default', options: {}, priceOffset: 0, skuSuffix: 'STD' }];
  let room = MAX_VARIANTS;
  const perAxis: Choice[][] = [];
  for (const axis of axes) {
    const n = randomInt(rng, 1, Math.min(axis.values.length, room));
    room = Math.floor(room / n);
    const chosen = sampleInOrder(rng, axis.values, n);
    perAxis.push(chosen.map((value) => ({ axis, value, index: axis.values.indexOf(value) })));
  }
  let combos: Choice[][] = [[]];
  for (const choices of perAxis) combos = combos.flatMap((combo) => choices.map((choice) => [...combo, choice]));
  return combos.map((combo) => ({
    title: combo.map((c) => c.value).join(' / '),
    options: Object.fromEntries(combo.map((c) => [c.axis.name, c.value])),
    priceOffset: combo.reduce((sum, c) => sum + (c.axis.step ?? 0) * c.index, 0),
    skuSuffix: combo.map((c) => optionCode(c.value)).join('-'),
  }));
}
