/** Word lists for electronics, home, beauty, sports and toys. */
import type { Theme } from './theme';

const TECH_BRANDS = ['Voltra', 'Lumen', 'Arcadia', 'Nimbus', 'Quanta', 'Sable'];
const TECH_COLORS = ['Midnight', 'Silver', 'Graphite', 'Ocean Blue', 'Sage'];
const HOME_BRANDS = ['Hearth & Co.', 'Oakline', 'Juniper Home', 'Stillwater', 'Fernhouse'];

export const audio: Theme = {
  sku: 'AUD',
  titles: ['{brand} {model} {series} {noun}', '{brand} {collection} {noun}'],
  descriptions: [
    '{noun} with {feature|lower} and up to {hours} hours of battery.',
    'Tuned for clear vocals and a bass that stays tight at any volume.',
    'Pairs with two devices at once and switches between them on its own.',
    'USB-C fast charging: ten minutes gives you two hours of play.',
  ],
  words: {
    brand: TECH_BRANDS,
    model: ['Pulse', 'Air', 'Studio', 'Go', 'Pro', 'Mini'],
    series: ['2', '3', '4', '5', 'II', 'SE'],
    noun: ['Wireless Headphones', 'Noise-Cancelling Earbuds', 'Bluetooth Speaker', 'Over-Ear Headphones', 'Soundbar'],
    feature: ['Adaptive Noise Cancelling', 'Spatial Audio', 'Multipoint Bluetooth', 'IPX5 Water Resistance'],
    hours: ['20', '24', '30', '40', '50'],
  },
  axes: [{ name: 'Color', values: TECH_COLORS }],
  price: [29, 349],
};

export const phones: Theme = {
  sku: 'PHN',
  titles: ['{brand} {noun} {gen} {model}', '{brand} {model} {gen} {noun}'],
  descriptions: [
    'The {screen}-inch display stays readable in direct sunlight.',
    'All-day battery and a camera that handles low light without a tripod.',
    'Five years of security updates included.',
    'Unlocked and ready for any carrier.',
  ],
  words: {
    brand: TECH_BRANDS,
    model: ['X3', 'S2', 'Neo', 'Lite', 'Max', 'Edge'],
    noun: ['Phone', 'Tablet', 'E-Reader'],
    gen: ['8', '9', '10', '11', '12', '14'],
    screen: ['6.1', '6.7', '8.3', '10.9', '11'],
  },
  axes: [
    { name: 'Storage', values: ['64 GB', '128 GB', '256 GB', '512 GB'], step: 10000 },
    { name: 'Color', values: TECH_COLORS },
  ],
  price: [149, 699],
};

export const chargers: Theme = {
  sku: 'CHG',
  titles: ['{brand} {model} {spec} {noun}', '{brand} {collection} {noun}'],
  descriptions: [
    'A {spec} {noun|lower} that tops up a phone, a tablet and a laptop.',
    'Overheat and surge protection built in.',
    'Braided cable rated for 10,000 bends.',
  ],
  words: {
    brand: TECH_BRANDS,
    model: ['Boost', 'Flux', 'Dash', 'Core', 'Max', 'Go'],
    noun: ['USB-C Charger', 'Power Bank', 'Charging Cable', 'Wireless Charging Pad', 'Travel Adapter'],
    spec: ['20 W', '35 W', '65 W', '100 W'],
  },
  axes: [{ name: 'Length', values: ['1 m', '2 m'], step: 200 }],
  price: [9, 79],
};

const HOME_LINES = [
  'A {material|lower} {noun|lower} that earns its place on the counter or the shelf.',
  'Made to be used daily and to look better with age.',
  'Dishwasher safe unless noted; hand washing keeps it new for longer.',
];

export const cookware: Theme = {
  sku: 'CKW',
  titles: ['{brand} {collection} {material} {noun}', 'The {collection} {noun}'],
  descriptions: [...HOME_LINES, 'Even heating on gas, electric and induction hobs.'],
  words: {
    brand: HOME_BRANDS,
    material: ['Cast Iron', 'Stainless Steel', 'Carbon Steel', 'Ceramic', 'Enamelled'],
    noun: ['Skillet', 'Dutch Oven', 'Saucepan', 'Chef Knife', 'Baking Dish', 'Stock Pot'],
  },
  axes: [{ name: 'Size', values: ['Small', 'Medium', 'Large'], step: 1500 }],
  price: [19, 249],
};

export const decor: Theme = {
  sku: 'DEC',
  titles: ['{brand} {style} {material} {noun}', '{collection} {material} {noun}'],
  descriptions: [...HOME_LINES, 'Each piece varies slightly: that is the handmade part.'],
  words: {
    brand: HOME_BRANDS,
    style: ['Ribbed', 'Speckled', 'Woven', 'Sculpted', 'Matte'],
    material: ['Stoneware', 'Rattan', 'Glass', 'Oak', 'Terracotta'],
    noun: ['Vase', 'Table Lamp', 'Planter', 'Serving Bowl', 'Candle Holder', 'Wall Mirror'],
  },
  axes: [{ name: 'Color', values: ['Natural', 'Charcoal', 'Terracotta', 'Ivory'] }],
  price: [15, 189],
};

export const bedding: Theme = {
  sku: 'BED',
  titles: ['{brand} {collection} {material} {noun}', '{brand} {collection} {noun}'],
  descriptions: [
    '{material} {noun|lower} that gets softer with every wash.',
    'OEKO-TEX certified, free from harmful substances.',
    'Deep pockets fit mattresses up to 40 cm.',
  ],
  words: {
    brand: HOME_BRANDS,
    material: ['Washed Linen', 'Percale Cotton', 'Sateen', 'Bamboo Lyocell'],
    noun: ['Sheet Set', 'Duvet Cover', 'Pillowcase Pair', 'Quilt'],
  },
  axes: [
    { name: 'Size', values: ['Twin', 'Full', 'Queen', 'King'], step: 2000 },
    { name: 'Color', values: ['White', 'Oat', 'Slate', 'Sage', 'Blush'] },
  ],
  price: [39, 259],
};

export const beauty: Theme = {
  sku: 'BTY',
  titles: ['{brand} {line} {ingredient} {noun}', '{brand} {line} {noun}'],
  descriptions: [
    'A {noun|lower} with {ingredient|lower} for {benefit}.',
    'Fragrance-free and suitable for sensitive skin.',
    'Vegan, cruelty-free and dermatologist tested.',
  ],
  words: {
    brand: ['Lune', 'Petal & Pine', 'Aurel', 'Sola'],
    line: ['Daily Glow', 'Pure Calm', 'Deep Repair', 'Bright Start', 'Night Renew', 'Barrier'],
    ingredient: ['Vitamin C', 'Hyaluronic Acid', 'Niacinamide', 'Rosehip', 'Ceramide'],
    noun: ['Face Serum', 'Moisturiser', 'Cleansing Balm', 'Eye Cream', 'Body Lotion', 'Shampoo'],
    benefit: ['a brighter complexion', 'lasting hydration', 'a calmer skin barrier', 'soft, smooth skin'],
  },
  axes: [{ name: 'Size', values: ['30 ml', '50 ml', '100 ml'], step: 800 }],
  price: [12, 79],
};

export const sports: Theme = {
  sku: 'SPT',
  titles: ['{brand} {collection} {noun}', '{brand} {collection} {style} {noun}'],
  descriptions: [
    'A {style|lower} {noun|lower} built for training days, weekends outside and everything between.',
    'Lightweight, packable and made to take a beating.',
    'Tested by our athletes over a full season.',
  ],
  words: {
    brand: ['Summit', 'Stride', 'Tideline', 'Ridgeback'],
    style: ['Ultralight', 'Pro', 'Trail', 'Performance'],
    noun: ['Yoga Mat', 'Water Bottle', 'Running Vest', 'Daypack', 'Resistance Band Set', 'Camping Hammock'],
  },
  axes: [{ name: 'Color', values: ['Black', 'Lime', 'Coral', 'Slate', 'Ocean'] }],
  price: [12, 159],
};

export const toys: Theme = {
  sku: 'TOY',
  titles: ['{brand} {theme} {character} {noun}', '{theme} {character} {noun}'],
  descriptions: [
    'A {theme|lower} {noun|lower} for ages {ages}.',
    'Screen-free play that grows with your child.',
    'Made from sustainably sourced materials.',
  ],
  words: {
    brand: ['Pip & Pebble', 'Tinker Town', 'Moonbeam'],
    theme: ['Ocean', 'Space', 'Dinosaur', 'Farmyard', 'Rainbow'],
    character: ['Explorer', 'Adventure', 'Rescue', 'Discovery', 'Friends', 'Quest'],
    noun: ['Puzzle', 'Building Set', 'Board Game', 'Wooden Train Set', 'Plush Toy'],
    ages: ['3+', '5+', '8+', '10+'],
  },
  axes: [],
  price: [9, 89],
};
