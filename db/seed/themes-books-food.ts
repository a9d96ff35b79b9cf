/** Word lists for books and coffee. */
import type { OptionAxis, Theme } from './theme';

const FORMAT: OptionAxis = { name: 'Format', values: ['Paperback', 'Hardcover', 'Audiobook'], step: 800 };
const AUTHORS = {
  first: ['Maya', 'Jonas', 'Ines', 'Theo', 'Amara', 'Felix', 'Nora', 'Kenji'],
  last: ['Holloway', 'Park', 'Okafor', 'Lindqvist', 'Moreau', 'Castillo', 'Brennan'],
};

export const fiction: Theme = {
  sku: 'BKF',
  titles: ['The {adjective} {noun}', 'The {noun} of {place}', 'A {adjective} {noun} in {place}'],
  descriptions: [
    'A {genre|lower} novel by {first} {last}.',
    'Set in {place}, it follows a family keeping a secret for three generations.',
    '"Impossible to put down" — readers who finished it in one sitting.',
    'Now with a reading-group guide.',
  ],
  words: {
    ...AUTHORS,
    adjective: [
      'Silent',
      'Last',
      'Hidden',
      'Paper',
      'Winter',
      'Burning',
      'Quiet',
      'Glass',
      'Borrowed',
      'Lost',
      'Salt',
      'Midnight',
      'Golden',
      'Wild',
    ],
    noun: [
      'Harbor',
      'Orchard',
      'Kingdom',
      'Garden',
      'Lighthouse',
      'Letters',
      'Season',
      'Daughter',
      'Cartographer',
      'River',
      'House',
      'Clockmaker',
    ],
    place: [
      'Lisbon',
      'the Northern Isles',
      'Marrow Bay',
      'Old Kyoto',
      'the Salt Flats',
      'Vienna',
      'the Far Shore',
      'Havana',
    ],
    genre: ['Literary', 'Historical', 'Mystery', 'Speculative', 'Coming-of-Age'],
  },
  axes: [FORMAT],
  price: [9, 29],
};

export const nonfiction: Theme = {
  sku: 'BKN',
  titles: ['The {adjective} Book of {topic}', '{topic}: {subtitle}', '{adjective} {topic}: {subtitle}'],
  descriptions: [
    'In this book, {first} {last} makes {topic|lower} practical for everyone.',
    'Clear chapters, worked examples and no jargon.',
    'A bestseller that readers keep on the desk, not the shelf.',
  ],
  words: {
    ...AUTHORS,
    adjective: ['Curious', 'Practical', 'Small', 'Patient', 'Unfinished', 'Simple', 'Honest', 'Everyday'],
    topic: [
      'Habits',
      'Cooking',
      'Money',
      'Sleep',
      'Design',
      'Gardening',
      'Attention',
      'Writing',
      'Running',
      'Parenting',
      'Baking',
      'Photography',
    ],
    subtitle: [
      'A Field Guide',
      'Notes on Getting Better',
      'What the Research Says',
      'A Beginner’s Handbook',
      'Lessons from Twenty Years',
      'The Complete Course',
    ],
  },
  axes: [FORMAT],
  price: [12, 39],
};

export const coffee: Theme = {
  sku: 'COF',
  titles: ['{roaster} {origin} {lot} {noun}', '{origin} {lot} {noun}'],
  descriptions: [
    '{origin} {noun|lower} with notes of {note|lower}.',
    'Roasted to order in small batches and shipped within 48 hours.',
    'Direct trade: we pay growers well above the commodity price.',
  ],
  words: {
    roaster: ['Daybreak', 'Ember Roasters', 'Copper Kettle'],
    origin: ['Ethiopia Yirgacheffe', 'Colombia Huila', 'Guatemala Antigua', 'Kenya Nyeri', 'Brazil Cerrado', 'Sumatra'],
    lot: ['Lot 7', 'Lot 12', 'Lot 21', 'Washed', 'Natural', 'Honey Process'],
    noun: ['Single-Origin Beans', 'Espresso Roast', 'Filter Roast', 'Decaf'],
    note: ['Dark Chocolate', 'Jasmine', 'Stone Fruit', 'Caramel', 'Citrus', 'Toasted Hazelnut'],
  },
  axes: [
    { name: 'Weight', values: ['250 g', '500 g', '1 kg'], step: 900 },
    { name: 'Grind', values: ['Whole Bean', 'Filter', 'Espresso'] },
  ],
  price: [8, 32],
};
