/**
 * What the generator knows about one kind of product: the words its titles and descriptions are
 * built from, the options its variants vary by, and its price range. Themes are plain data so
 * that adding a category means adding words, not code.
 */
import { pick, type Rng } from './prng';

export type WordLists = Readonly<Record<string, readonly string[]>>;

/** One variant dimension, e.g. Size or Color. */
export interface OptionAxis {
  name: string;
  /** In the order a shop lists them (sizes ascending, storage tiers ascending). */
  values: readonly string[];
  /** Minor units added per step along `values`: bigger storage or bottles cost more. A multiple of 100 keeps price endings. */
  step?: number;
}

export interface Theme {
  /** Three-letter SKU prefix. */
  sku: string;
  /** Title templates with `{slot}` placeholders filled from `words`. */
  titles: readonly string[];
  /** Sentence templates; a product gets two or three of them. */
  descriptions: readonly string[];
  words: WordLists;
  /** Zero, one or two axes; zero means a single default variant. */
  axes: readonly OptionAxis[];
  /** Base price range in whole US dollars. */
  price: readonly [number, number];
}

/**
 * Collection names any title may use through `{collection}`. They widen the space of titles so
 * that a 10,000-product store does not repeat the same few names.
 */
export const COLLECTIONS: readonly string[] = [
  'Aspen',
  'Harbor',
  'Juniper',
  'Sierra',
  'Solstice',
  'Cove',
  'Atlas',
  'Ember',
  'Meadow',
  'Tundra',
  'Drift',
  'Alpine',
  'Birch',
  'Canyon',
  'Delta',
  'Fjord',
  'Grove',
  'Haven',
  'Isle',
  'Lagoon',
  'Mesa',
  'Nova',
  'Orbit',
  'Prairie',
  'Ridge',
  'Tide',
  'Vale',
  'Willow',
  'Zephyr',
  'Cedar',
];

/** Closing lines any product may end its description with. */
export const CLOSINGS: readonly string[] = [
  'Free returns within 30 days.',
  'Ships within two business days.',
  'Backed by a two-year warranty.',
  'Packed in recycled, plastic-free packaging.',
  'Designed in-house and tested by our team.',
  '',
];

/**
 * Picks one word per slot for a product, so its title and description speak about the same
 * material and noun rather than drawing each placeholder independently.
 */
export function pickWords(rng: Rng, words: WordLists): Record<string, string> {
  const picked: Record<string, string> = { collection: pick(rng, COLLECTIONS) };
  for (const [slot, list] of Object.entries(words)) picked[slot] = pick(rng, list);
  return picked;
}

/** Fills `{slot}` and `{slot|lower}` placeholders; an unknown slot is a bug in the word lists. */
export function fill(template: string, picked: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)(\|lower)?\}/g, (_, slot: string, lower?: string) => {
    const word = picked[slot];
    if (word === undefined) throw new Error(`template slot {${slot}} has no word list`);
    return lower ? word.toLowerCase() : word;
  });
}
