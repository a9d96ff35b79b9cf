/** Word lists for clothing, shoes, bags and jewelry. */
import type { OptionAxis, Theme } from './theme';

const BRANDS = ['Northwind', 'Alder & Finch', 'Coastline', 'Harlow', 'Meridian', 'Wren Studio', 'Foxglove', 'Kestrel'];
const SIZE: OptionAxis = { name: 'Size', values: ['XS', 'S', 'M', 'L', 'XL', 'XXL'] };
const COLOR: OptionAxis = {
  name: 'Color',
  values: ['Black', 'White', 'Navy', 'Heather Grey', 'Olive', 'Sand', 'Burgundy', 'Sky Blue'],
};
const FABRICS = ['Organic Cotton', 'Linen', 'Merino Wool', 'Modal', 'Cotton Jersey', 'Recycled Polyester'];
const DETAILS = [
  'Flat-Lock Seams',
  'a Curved Hem',
  'Horn Buttons',
  'Ribbed Cuffs',
  'a Dropped Shoulder',
  'Bound Seams',
];

const GARMENT_LINES = [
  'A {fit|lower} {noun|lower} in {material|lower}, made to layer or to wear on its own.',
  '{material} breathes on warm days and keeps its shape wash after wash.',
  'Finished with {detail|lower}.',
  'Cut to a true-to-size {fit|lower} fit; size down for a closer feel.',
  'Machine wash cold, hang to dry.',
];

function garment(sku: string, nouns: string[], price: [number, number], extra: string[] = []): Theme {
  return {
    sku,
    titles: ['{brand} {fit} {material} {noun}', '{brand} {collection} {noun}', 'The {collection} {fit} {noun}'],
    descriptions: [...GARMENT_LINES, ...extra],
    words: {
      brand: BRANDS,
      noun: nouns,
      material: FABRICS,
      detail: DETAILS,
      fit: ['Relaxed', 'Slim', 'Classic', 'Oversized', 'Tailored', 'Boxy'],
    },
    axes: [SIZE, COLOR],
    price,
  };
}

export const womenTops = garment(
  'WTP',
  ['Crew-Neck Tee', 'Ribbed Tank', 'Wrap Blouse', 'Button-Down Shirt', 'Cardigan', 'Turtleneck', 'Peasant Blouse'],
  [18, 89],
);
export const dresses = garment(
  'DRS',
  ['Midi Dress', 'Maxi Dress', 'Wrap Dress', 'Slip Dress', 'Shirt Dress', 'Sweater Dress'],
  [39, 179],
  [
    'Falls just right for the office, a wedding or a long lunch.',
    'Side-seam pockets, because every dress should have them.',
  ],
);
export const womenOuterwear = garment(
  'WOW',
  ['Trench Coat', 'Puffer Jacket', 'Wool Coat', 'Denim Jacket', 'Quilted Vest', 'Rain Jacket'],
  [79, 299],
  ['Water-resistant finish and a lining that slides over knitwear.'],
);
export const menTees = garment(
  'MTS',
  ['Crew Tee', 'V-Neck Tee', 'Pocket Tee', 'Henley', 'Long-Sleeve Tee', 'Heavyweight Tee'],
  [15, 49],
);
export const menShirts = garment(
  'MSH',
  ['Oxford Shirt', 'Flannel Shirt', 'Camp Shirt', 'Chambray Shirt', 'Polo Shirt', 'Overshirt'],
  [35, 119],
);
export const menJackets = garment(
  'MJK',
  ['Bomber Jacket', 'Field Jacket', 'Parka', 'Harrington Jacket', 'Shell Jacket', 'Chore Coat'],
  [89, 349],
  ['Taped seams and a two-way zip keep weather out.'],
);

const SHOE_SIZE: OptionAxis = {
  name: 'Size',
  values: ['6', '7', '7.5', '8', '8.5', '9', '9.5', '10', '10.5', '11', '12', '13'],
};
const SHOE_LINES = [
  'A cushioned footbed and a grippy rubber outsole make the {noun|lower} an everyday pair.',
  'The {material|lower} upper softens and moulds to your foot within a week.',
  'Runs true to size; half sizes go up, not down.',
  'Resoleable construction, so it lasts years rather than seasons.',
];

export const sneakers: Theme = {
  sku: 'SNK',
  titles: ['{brand} {collection} {model} {noun}', '{brand} {material} {model} {noun}'],
  descriptions: SHOE_LINES,
  words: {
    brand: BRANDS,
    model: ['Court', 'Runner', 'Trail', 'Classic', 'Low', 'High-Top', 'Racer'],
    noun: ['Sneaker', 'Trainer', 'Slip-On', 'Running Shoe'],
    material: ['Knit', 'Canvas', 'Leather', 'Suede', 'Mesh'],
  },
  axes: [SHOE_SIZE, { name: 'Color', values: ['White', 'Black', 'Grey', 'Navy', 'Off-White', 'Forest'] }],
  price: [49, 179],
};

export const boots: Theme = {
  sku: 'BOT',
  titles: ['{brand} {collection} {material} {noun}', '{brand} {collection} {noun}'],
  descriptions: SHOE_LINES,
  words: {
    brand: BRANDS,
    noun: ['Chelsea Boot', 'Hiking Boot', 'Lace-Up Boot', 'Work Boot', 'Ankle Boot', 'Chukka Boot'],
    material: ['Suede', 'Full-Grain Leather', 'Waxed Leather', 'Nubuck'],
  },
  axes: [SHOE_SIZE, { name: 'Color', values: ['Black', 'Dark Brown', 'Tan', 'Oxblood'] }],
  price: [99, 289],
};

export const bags: Theme = {
  sku: 'BAG',
  titles: ['{brand} {collection} {material} {noun}', 'The {collection} {material} {noun}'],
  descriptions: [
    'A {material|lower} {noun|lower} with room for a laptop, a water bottle and the rest of the day.',
    'Interior slip pockets keep keys and cards where you left them.',
    'Solid brass hardware and reinforced stitching at every stress point.',
    'Wipe clean with a damp cloth.',
  ],
  words: {
    brand: BRANDS,
    noun: ['Tote', 'Backpack', 'Crossbody Bag', 'Weekender', 'Belt Bag', 'Laptop Sleeve', 'Card Wallet'],
    material: ['Leather', 'Waxed Canvas', 'Recycled Nylon', 'Vegan Leather'],
  },
  axes: [{ name: 'Color', values: ['Black', 'Tan', 'Cognac', 'Olive', 'Navy', 'Stone'] }],
  price: [25, 229],
};

export const jewelry: Theme = {
  sku: 'JWL',
  titles: ['{collection} {style} {noun}', '{brand} {collection} {noun}'],
  descriptions: [
    'A {style|lower} {noun|lower} made to be worn every day and never taken off.',
    'Hypoallergenic and nickel-free.',
    'Arrives in a gift box with a polishing cloth.',
    'Hand-finished in small batches.',
  ],
  words: {
    brand: BRANDS,
    style: ['Minimal', 'Twisted', 'Hammered', 'Classic', 'Dainty', 'Chunky'],
    noun: ['Hoop Earrings', 'Pendant Necklace', 'Signet Ring', 'Chain Bracelet', 'Stud Earrings', 'Field Watch'],
  },
  axes: [{ name: 'Finish', values: ['Sterling Silver', '14k Gold Vermeil', 'Rose Gold'], step: 1000 }],
  price: [29, 249],
};
